/** The interactive report: filters → aggregation → flame graph, function table, timeline, sources. */
import type { ReportData } from '../src/html/model.js';
import { stateCategories } from '../src/html/model.js';
import { byId, clear, h, pct, seconds } from './dom.js';
import { Aggregate } from './aggregate.js';
import { childrenOf, FlameGraph, totalsFromSelf, type Tree } from './flame.js';
import { Timeline } from './timeline.js';
import { header, matcher, tooltip, type Matcher } from './chrome.js';
import { reportModel } from './model.js';
import { topByValue } from './top.js';

const TABLE_ROWS = 300;

interface FunctionRow {
  id: number;
  name: string;
  file: string;
  line: number;
  own: number;
  total: number;
}

export function startReport(data: ReportData): void {
  const model = reportModel(data);
  const { S, meta, frameCount, frameName, frameFile, frameLine, frameLabel, funcOf, funcFrame, funcCount, funcColour, funcLabel } = model;
  const { size, parent, frameOfNode, nodeLabel, childStart, childList, funcOuter, frameOuter, B, ctxCount, ctxCells, C, threadCount, threadName, dims } = model;
  const agg = new Aggregate(model);
  const { self, total, ctxPass } = agg;

  // state
  let range: [number, number] | undefined;
  let search = '';
  let match: Matcher | undefined;
  let focus = -1; // a function id, or -1
  let sortKey: keyof FunctionRow = 'own';
  let sortDesc = true;
  let tableFilter = '';
  const funcOwn = new Float64Array(funcCount);
  const funcTotal = new Float64Array(funcCount);
  let selected = 0;

  // the page
  const app = byId('app');
  const head = header(meta.title, {
    onSearch: (q) => {
      search = q;
      match = matcher(q);
      drawGraphs();
      saveHash();
    },
    onReset: () => reset(),
    onLayout: (icicle) => {
      graph.icicle = icicle;
      callers.icicle = icicle;
      drawGraphs();
    },
  });
  const summary = h('section', { id: 'summary', class: 'panel' });
  const filters = h('section', { id: 'filters', class: 'panel' });
  const timelineBox = h('section', { id: 'timeline', class: 'panel' });
  const crumbs = h('nav', { id: 'breadcrumbs', 'aria-label': 'zoom path' });
  const graphBox = h('div', { id: 'graph', class: 'graph' });
  const callersTitle = h('h2', { id: 'callers-title', hidden: true });
  const callersBox = h('div', { id: 'callers', class: 'graph', hidden: true });
  const table = h('section', { id: 'functions', class: 'panel' });
  const sources = h('section', { id: 'sources', class: 'panel' });
  app.append(
    head.element,
    h('div', { class: 'top-grid' }, summary, filters),
    timelineBox,
    crumbs,
    graphBox,
    callersTitle,
    callersBox,
    h('div', { class: 'bottom-grid' }, table, sources),
  );
  const tip = tooltip();

  let tree: Tree = { size, parent, total, self, childStart, childList, label: nodeLabel };
  let treeFunc = (n: number) => (n === 0 ? -1 : funcOf[frameOfNode[n]!]!);
  /** The frame a node of the tree shown stands for (its label is that frame's), or -1 for the root. */
  let treeFrame = (n: number) => (n === 0 ? -1 : frameOfNode[n]!);
  let callersTree: Tree | undefined;
  let callersFunc = (_n: number) => -1;
  const hover = (t: () => Tree, fn: (n: number) => number) => (n: number, e: MouseEvent) => {
    const tr = t();
    const f = fn(n);
    const lines = [tr.label(n), `total ${tr.total[n]} samples (${pct(tr.total[n]!, selected)}), own ${tr.self[n]} (${pct(tr.self[n]!, selected)})`];
    funcSums();
    if (f >= 0) lines.push(`function: own ${pct(funcOwn[f]!, selected)}, total ${pct(funcTotal[f]!, selected)} — click to zoom`);
    tip.show(lines, e);
  };
  const graph = new FlameGraph(graphBox, {
    colour: (n) => funcColour(treeFunc(n)),
    onHover: hover(() => tree, (n) => treeFunc(n)),
    onLeave: () => tip.hide(),
    onClick: (n) => {
      graph.setZoom(n);
      drawCrumbs();
      saveHash();
    },
  });
  const callers = new FlameGraph(callersBox, {
    colour: (n) => funcColour(callersFunc(n)),
    onHover: hover(() => callersTree!, (n) => callersFunc(n)),
    onLeave: () => tip.hide(),
    onClick: (n) => {
      const f = callersFunc(n);
      if (f >= 0) focusFunction(f);
    },
  });

  /** Sums the samples that pass the filters in the range into `self` and `total`; the panels' sums are stale after. */
  function aggregate(): void {
    selected = agg.update(range);
    funcSumsFresh = false;
  }

  // each function's own and total samples: for the table and the tooltip, so summed when first needed
  // after a change (the panels come a frame after the flame graph)
  let funcSumsFresh = false;
  function funcSums(): void {
    if (funcSumsFresh) return;
    funcSumsFresh = true;
    funcOwn.fill(0);
    funcTotal.fill(0);
    for (let n = 1; n < size; n++) {
      const f = funcOf[frameOfNode[n]!]!;
      funcOwn[f]! += self[n]!;
      if (funcOuter[n]) funcTotal[f]! += total[n]!;
    }
  }

  /** The tree of `fn` merged over its call sites (callees), and the tree of its callers. */
  function focusTrees(fn: number): void {
    const mParent: number[] = [-1];
    const mFrame: number[] = [-1];
    const mSelf: number[] = [0];
    const map = new Int32Array(size).fill(-1);
    const keys = new Map<number, number>();
    for (let n = 1; n < size; n++) {
      let m = -1;
      if (funcOuter[n] && funcOf[frameOfNode[n]!] === fn) m = 0;
      else {
        const pm = map[parent[n]!]!;
        if (pm >= 0) {
          const key = pm * frameCount + frameOfNode[n]!;
          m = keys.get(key) ?? -1;
          if (m < 0) {
            m = mParent.length;
            keys.set(key, m);
            mParent.push(pm);
            mFrame.push(frameOfNode[n]!);
            mSelf.push(0);
          }
        }
      }
      map[n] = m;
      if (m >= 0) mSelf[m]! += self[n]!;
    }
    const p = Int32Array.from(mParent);
    const s = Float64Array.from(mSelf);
    const t = new Float64Array(p.length);
    totalsFromSelf(p, s, t);
    const label = (n: number) => (n === 0 ? funcLabel(fn) : frameLabel(mFrame[n]!));
    const kids = childrenOf(p, (a, b) => (label(a) < label(b) ? -1 : 1));
    tree = { size: p.length, parent: p, total: t, self: s, ...kids, label };
    treeFunc = (n) => (n === 0 ? fn : funcOf[mFrame[n]!]!);
    treeFrame = (n) => (n === 0 ? -1 : mFrame[n]!);
    // callers: fn at the root, each call site's ancestors above it
    const cParent: number[] = [-1];
    const cFrame: number[] = [-1];
    const cTotal: number[] = [0];
    const ckeys = new Map<number, number>();
    for (let n = 1; n < size; n++) {
      if (!funcOuter[n] || funcOf[frameOfNode[n]!] !== fn || total[n] === 0) continue;
      const w = total[n]!;
      cTotal[0]! += w;
      let cur = 0;
      for (let a = parent[n]!; a > 0; a = parent[a]!) {
        const key = cur * frameCount + frameOfNode[a]!;
        let c = ckeys.get(key);
        if (c === undefined) {
          c = cParent.length;
          ckeys.set(key, c);
          cParent.push(cur);
          cFrame.push(frameOfNode[a]!);
          cTotal.push(0);
        }
        cTotal[c]! += w;
        cur = c;
      }
    }
    const cp = Int32Array.from(cParent);
    const ct = Float64Array.from(cTotal);
    const cs = ct.slice();
    for (let i = 1; i < cp.length; i++) cs[cp[i]!]! -= ct[i]!;
    const clabel = (n: number) => (n === 0 ? funcLabel(fn) : frameLabel(cFrame[n]!));
    callersTree = { size: cp.length, parent: cp, total: ct, self: cs, ...childrenOf(cp, (a, b) => (clabel(a) < clabel(b) ? -1 : 1)), label: clabel };
    callersFunc = (n) => (n === 0 ? fn : funcOf[cFrame[n]!]!);
  }

  function mainTree(): void {
    tree = { size, parent, total, self, childStart, childList, label: nodeLabel };
    treeFunc = (n) => (n === 0 ? -1 : funcOf[frameOfNode[n]!]!);
    treeFrame = (n) => (n === 0 ? -1 : frameOfNode[n]!);
  }

  // whether each frame's label matches the search (0 not tested yet, 1 yes, 2 no): a frame is tested
  // once per query, however many nodes of the tree stand for it
  let frameMatch = new Uint8Array(frameCount);
  let frameMatchOf: Matcher | undefined;
  function searchShare(): { matched: number; share: string } | undefined {
    if (match === undefined) return undefined;
    const m = match;
    if (frameMatchOf !== m) {
      frameMatch = new Uint8Array(frameCount);
      frameMatchOf = m;
    }
    const known = frameMatch;
    const matches = (n: number) => {
      const fr = treeFrame(n);
      if (fr < 0) return m(tree.label(n));
      if (known[fr] === 0) known[fr] = m(frameLabel(fr)) ? 1 : 2;
      return known[fr] === 1;
    };
    const lit = new Uint8Array(tree.size);
    const under = new Uint8Array(tree.size);
    let matched = 0;
    for (let n = 0; n < tree.size; n++) {
      const p = tree.parent[n]!;
      const inherited = p >= 0 ? under[p]! : 0;
      if (matches(n)) {
        lit[n] = 1;
        if (!inherited) matched += tree.total[n]!;
        under[n] = 1;
      } else under[n] = inherited;
    }
    graph.highlight = (n: number) => lit[n] === 1;
    return { matched, share: pct(matched, tree.total[0]!) };
  }

  /** Draws the current tree, zoomed on `zoomTo` (default: the node zoomed on now, when the tree still has it). */
  function drawGraphs(zoomTo?: number): void {
    const zoom = zoomTo ?? (graph.zoomNode < tree.size ? graph.zoomNode : 0);
    const s = searchShare();
    if (s === undefined) graph.highlight = undefined;
    head.setMatch(s === undefined ? '' : `${s.share} matched (${s.matched} samples)`);
    graph.set(tree, zoom);
    if (focus >= 0 && callersTree !== undefined) {
      callersTitle.hidden = false;
      callersBox.hidden = false;
      callersTitle.textContent = `Callers of ${funcLabel(focus)} (merged over ${tree.total[0]} samples)`;
      callers.set(callersTree, 0);
    } else {
      callersTitle.hidden = true;
      callersBox.hidden = true;
    }
    drawCrumbs();
    if (tree.total[0] === 0) graphBox.dataset['empty'] = meta.samples === 0 ? 'No samples were collected in this record.' : 'No samples match the filters and time range.';
    else delete graphBox.dataset['empty'];
  }

  function drawCrumbs(): void {
    clear(crumbs);
    const path: number[] = [];
    for (let n = graph.zoomNode; n >= 0; n = tree.parent[n]!) path.push(n);
    path.reverse();
    if (focus >= 0) {
      crumbs.append(h('button', { class: 'crumb', text: 'all', title: 'leave the function view' }));
      crumbs.lastElementChild!.addEventListener('click', () => unfocus());
    }
    for (const n of path) {
      const b = h('button', { class: 'crumb', text: tree.label(n), 'aria-current': n === graph.zoomNode ? 'true' : false });
      b.addEventListener('click', () => {
        graph.setZoom(n);
        drawCrumbs();
        saveHash();
      });
      crumbs.append(b);
    }
  }

  const searchTexts: Array<string | undefined> = new Array(funcCount);
  const funcSearchText = (f: number) => (searchTexts[f] ??= `${frameName(funcFrame[f]!)} ${frameFile(funcFrame[f]!)}`.toLowerCase());
  /** The first TABLE_ROWS of `ids` in the table's order (ties by function id). */
  function sortedRows(ids: number[]): number[] {
    const k = sortKey;
    if (k === 'own' || k === 'total') return topByValue(ids, k === 'own' ? funcOwn : funcTotal, TABLE_ROWS, sortDesc);
    const dir = sortDesc ? -1 : 1;
    const key = (f: number): number | string => {
      const fr = funcFrame[f]!;
      return k === 'name' ? frameName(fr) : k === 'file' ? frameFile(fr) : k === 'line' ? frameLine(fr) : f;
    };
    ids.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (x < y ? -dir : x > y ? dir : 0) || a - b;
    });
    return ids.slice(0, TABLE_ROWS);
  }

  // the table: the sorted rows are ids; only the rows in view (and a few around them) are elements,
  // between two spacers as high as the rows above and below. An update rewrites the text of those
  // (kept elements: no new nodes to style, and a cell whose text did not change is not touched), so
  // its layout costs the same for 30 functions or 300.
  const tableFilterInput = h('input', { type: 'search', id: 'table-filter', placeholder: 'filter functions', 'aria-label': 'filter functions' });
  tableFilterInput.addEventListener('input', () => {
    tableFilter = tableFilterInput.value;
    drawTable();
  });
  const tableCount = h('span', { class: 'muted' });
  const tableCols: Array<[keyof FunctionRow, string]> = [['own', 'Own %'], ['total', 'Total %'], ['own', 'Own time'], ['total', 'Total time'], ['name', 'Function'], ['file', 'File:line']];
  // the arrow marks the column clicked: a share and its time sort alike, and both arrows would not fit
  let sortCol = 0;
  const headCells = tableCols.map(([key], col) => {
    const th = h('th', { scope: 'col', 'data-sort': key });
    th.addEventListener('click', () => {
      if (sortKey === key) sortDesc = !sortDesc;
      else {
        sortKey = key;
        sortDesc = key === 'own' || key === 'total';
      }
      sortCol = col;
      drawTable();
    });
    return th;
  });
  const spacer = () => h('tr', { class: 'spacer', 'aria-hidden': 'true', hidden: true }, h('td', { colspan: tableCols.length }));
  const spacerAbove = spacer();
  const spacerBelow = spacer();
  const tableBody = h('tbody', {}, spacerAbove, spacerBelow);
  const tableWrap = h('div', { class: 'table-wrap' }, h('table', { id: 'function-table' }, h('thead', {}, h('tr', {}, ...headCells)), tableBody));
  const rowOf = (e: Event) => (e.target as Element | null)?.closest('tr');
  const goRow = (tr: HTMLTableRowElement | null | undefined) => {
    if (!tr || tr.dataset['function'] === undefined) return;
    const id = Number(tr.dataset['function']);
    if (focus === id) unfocus();
    else focusFunction(id);
  };
  tableBody.addEventListener('click', (e) => goRow(rowOf(e)));
  tableBody.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') goRow(rowOf(e));
  });
  table.append(h('h2', { text: 'Functions' }), h('div', { class: 'row' }, tableFilterInput, tableCount), tableWrap);
  const setText = (el: Element, text: string) => {
    if (el.textContent !== text) el.textContent = text;
  };
  /** Functions in the table's order (ids), and what the rows in view were drawn from. */
  let tableIds: number[] = [];
  // the view's scroll offset and height, and a row's height: read where layout is done (a scroll event,
  // a ResizeObserver), never in the middle of an update; until then, guesses
  let viewTop = 0;
  let viewHeight = Math.round(window.innerHeight * 0.6);
  let rowHeight = 24;
  const OVERSCAN = 8;
  tableWrap.addEventListener('scroll', () => {
    viewTop = tableWrap.scrollTop;
    drawRows();
  }, { passive: true });
  new ResizeObserver(() => {
    viewHeight = tableWrap.clientHeight || viewHeight;
    const tr = tableBody.querySelector<HTMLElement>('tr[data-function]');
    const measured = tr?.getBoundingClientRect().height ?? 0;
    if (measured > 0 && Math.abs(measured - rowHeight) > 0.01) rowHeight = measured;
    drawRows();
  }).observe(tableWrap);

  function drawTable(): void {
    funcSums();
    // sort function ids on the typed arrays; text only for the rows in view
    const q = tableFilter.toLowerCase();
    const ids: number[] = [];
    for (let f = 0; f < funcCount; f++) {
      if (funcTotal[f] === 0 && funcOwn[f] === 0) continue;
      if (q !== '' && !funcSearchText(f).includes(q)) continue;
      ids.push(f);
    }
    const shown = ids.length;
    tableIds = sortedRows(ids);
    setText(tableCount, shown > TABLE_ROWS ? `showing ${TABLE_ROWS} of ${shown}` : `${shown} functions`);
    tableCols.forEach(([, title], i) => setText(headCells[i]!, title + (i === sortCol ? (sortDesc ? ' ▼' : ' ▲') : '')));
    drawRows();
  }

  function drawRows(): void {
    funcSums();
    const n = tableIds.length;
    const first = Math.min(n, Math.max(0, Math.floor(viewTop / rowHeight) - OVERSCAN));
    const end = Math.min(n, Math.ceil((viewTop + viewHeight) / rowHeight) + OVERSCAN);
    const spacers = (el: HTMLTableRowElement, rows: number) => {
      el.hidden = rows === 0;
      const px = `${(rows * rowHeight).toFixed(1)}px`;
      const td = el.cells[0]!;
      if (td.style.height !== px) td.style.height = px;
    };
    spacers(spacerAbove, first);
    spacers(spacerBelow, n - end);
    // rows between the spacers: as many as in view, the extra ones removed
    const want = end - first;
    let have = tableBody.rows.length - 2;
    while (have > want) {
      spacerBelow.previousElementSibling!.remove();
      have--;
    }
    while (have < want) {
      spacerBelow.before(h('tr', { tabindex: 0 }, h('td', { class: 'num' }), h('td', { class: 'num' }), h('td', { class: 'num' }), h('td', { class: 'num' }), h('td', { class: 'fn' }), h('td', { class: 'file' })));
      have++;
    }
    const secs = (v: number) => seconds(v / meta.rate);
    const trs = tableBody.rows;
    for (let k = 0; k < want; k++) {
      const f = tableIds[first + k]!;
      const tr = trs[k + 1]!;
      const fr = funcFrame[f]!;
      const cls = f === focus ? 'focused' : '';
      if (tr.className !== cls) tr.className = cls;
      if (tr.dataset['function'] !== String(f)) tr.dataset['function'] = String(f);
      const cells = tr.cells;
      const name = frameName(fr);
      const file = frameFile(fr);
      const line = frameLine(fr);
      const where = file === '' ? '' : line > 0 ? `${file}:${line}` : file;
      setText(cells[0]!, pct(funcOwn[f]!, selected));
      setText(cells[1]!, pct(funcTotal[f]!, selected));
      setText(cells[2]!, secs(funcOwn[f]!));
      setText(cells[3]!, secs(funcTotal[f]!));
      setText(cells[4]!, name);
      setText(cells[5]!, where);
      // the cells cut long names short: the whole text on hover
      if (cells[4]!.title !== name) cells[4]!.title = name;
      if (cells[5]!.title !== where) cells[5]!.title = where;
    }
  }

  function drawFilters(): void {
    clear(filters);
    filters.append(h('h2', { text: 'Filters' }));
    for (const d of dims) {
      const box = h('fieldset', { class: 'dim', 'data-dimension': d.key }, h('legend', { text: d.title }));
      d.names.forEach((name, i) => {
        if (d.counts[i] === 0 && d.key !== 'thread') return;
        const input = h('input', { type: 'checkbox', checked: d.checked[i] === 1, 'data-index': i });
        input.addEventListener('change', () => {
          d.checked[i] = input.checked ? 1 : 0;
          update();
        });
        box.append(h('label', {}, input, ` ${name} `, h('span', { class: 'muted', text: `(${d.counts[i]})` })));
      });
      filters.append(box);
    }
  }

  function drawSummary(): void {
    clear(summary);
    const statesTotal = dims[0]!.counts;
    const all = meta.samples;
    const dl = h('dl');
    const add = (k: string, v: string) => dl.append(h('dt', { text: k }), h('dd', { text: v }));
    if (meta.commandLines.length > 0) add('Command', meta.commandLines.join('\n'));
    if (meta.pythonVersions.length > 0) add('Python', meta.pythonVersions.join(', '));
    add('Duration', seconds(meta.durationMs / 1000));
    const achieved = meta.durationMs > 0 ? (meta.intervals * 1000) / meta.durationMs : 0;
    add('Rate', `${meta.rate} Hz asked, ${achieved.toFixed(achieved >= 100 ? 0 : 1)} Hz achieved`);
    add('Samples', `${all} thread samples in ${meta.intervals} intervals`);
    add('Late samples', `${meta.lateIntervals} (${pct(meta.lateIntervals, meta.intervals)})`);
    add('Errors', String(meta.errors));
    const idx = (c: (typeof stateCategories)[number]) => statesTotal[stateCategories.indexOf(c)]!;
    add('GIL', `held ${pct(idx('gil'), all)}${meta.statesKnown ? `, waited for ${pct(idx('gil-wait'), all)}, GC ${pct(idx('gc'), all)}` : ' (waiting and GC: not recorded)'}`);
    add('Selected', `${selected} samples (${pct(selected, all)})${range ? `, ${seconds((range[0] * data.bucketMs) / 1000)}–${seconds((range[1] * data.bucketMs) / 1000)}` : ''}`);
    summary.append(h('h2', { text: 'Summary' }), dl);
    if (all === 0) summary.append(h('p', { class: 'empty', id: 'no-samples', text: 'No samples were collected: the program may have been idle (record with --idle) or exited at once.' }));
  }

  const sourceNodes = data.sources.map((ex) => {
    const file = S[ex.file]!;
    const nodes: number[] = [];
    for (let n = 1; n < size; n++) if (frameFile(frameOfNode[n]!) === file) nodes.push(n);
    return nodes;
  });
  function drawSources(): void {
    clear(sources);
    sources.hidden = data.sources.length === 0;
    if (data.sources.length === 0) return;
    sources.append(h('h2', { text: 'Source of the hottest functions' }));
    data.sources.forEach((ex, x) => {
      const file = S[ex.file]!;
      const own = new Map<number, number>();
      const tot = new Map<number, number>();
      for (const n of sourceNodes[x]!) {
        const fr = frameOfNode[n]!;
        if (total[n] === 0) continue;
        const line = frameLine(fr);
        own.set(line, (own.get(line) ?? 0) + self[n]!);
        if (frameOuter[n]) tot.set(line, (tot.get(line) ?? 0) + total[n]!);
      }
      const body = h('tbody');
      ex.lines.forEach((text, i) => {
        const line = ex.firstLine + i;
        const t = tot.get(line) ?? 0;
        const o = own.get(line) ?? 0;
        const heat = selected > 0 ? Math.min(1, (4 * t) / selected) : 0;
        const tr = h('tr', { class: t > 0 ? 'hot' : '' },
          h('td', { class: 'num', text: t > 0 ? pct(t, selected) : '' }),
          h('td', { class: 'num', text: o > 0 ? pct(o, selected) : '' }),
          h('td', { class: 'lineno', text: String(line) }),
          h('td', { class: 'code', text }));
        if (t > 0) tr.style.setProperty('--heat', heat.toFixed(3));
        body.append(tr);
      });
      sources.append(h('details', { open: true },
        h('summary', { text: file }),
        h('table', { class: 'source' }, h('thead', {}, h('tr', {}, h('th', { text: 'Total' }), h('th', { text: 'Own' }), h('th', { text: 'Line' }), h('th', { text: '' }))), body)));
    });
  }

  const timeline = new Timeline(timelineBox, {
    threads: Array.from({ length: threadCount }, (_, t) => threadName(t)),
    bucketMs: data.bucketMs,
    bucketCount: B,
    rate: meta.rate,
    onRange: (r) => {
      range = r;
      update();
    },
  });
  let timelineCells: Float64Array | undefined;
  function drawTimeline(): void {
    // the timeline is not cut by the range: its cells change only with the filters
    if (timelineCells !== undefined && !agg.passChanged) {
      timeline.draw(timelineCells, range);
      return;
    }
    const K = stateCategories.length;
    const cells = new Float64Array(threadCount * B * K);
    for (let ctx = 0; ctx < ctxCount; ctx++) {
      if (!ctxPass[ctx]) continue;
      const t = C(ctx, 0);
      const cat = C(ctx, 1);
      for (let b = 0; b < B; b++) {
        const v = ctxCells[ctx * B + b]!;
        if (v !== 0) cells[(t * B + b) * K + cat]! += v;
      }
    }
    timelineCells = cells;
    timeline.draw(cells, range);
  }

  // After the first render, the panels (table, summary, sources) follow the canvases by a frame: the
  // flame graph and the timeline are painted first, and the panels' style and layout (new text to
  // shape in every row) do not hold that frame up.
  let panelsLater = false;
  let panelsPending: Promise<void> | undefined;
  function drawPanels(): void {
    drawTable();
    drawSummary();
    drawSources();
  }
  function schedulePanels(): void {
    if (!panelsLater) return drawPanels();
    panelsPending ??= new Promise<void>((resolve) => {
      // requestAnimationFrame runs just before the next frame is drawn, the timeout just after it
      requestAnimationFrame(() => setTimeout(() => {
        panelsPending = undefined;
        drawPanels();
        resolve();
      }, 0));
    });
  }

  function update(zoomTo?: number): void {
    aggregate();
    // a rebuilt function view numbers its nodes anew: start it from its root
    if (focus >= 0) focusTrees(focus);
    else mainTree();
    drawGraphs(focus >= 0 ? (zoomTo ?? 0) : zoomTo);
    drawTimeline();
    schedulePanels();
  }

  function focusFunction(fn: number): void {
    focus = fn;
    focusTrees(fn);
    drawGraphs(0);
    drawTable();
    saveHash();
  }

  function unfocus(): void {
    focus = -1;
    mainTree();
    drawGraphs(0);
    drawTable();
    saveHash();
  }

  function reset(): void {
    search = '';
    match = undefined;
    head.setSearch('');
    focus = -1;
    range = undefined;
    timeline.clearSelection();
    update(0);
    saveHash();
  }

  // the link is written after the next frame: replaceState takes milliseconds in a large page
  let hashPending = false;
  function saveHash(): void {
    if (hashPending) return;
    hashPending = true;
    requestAnimationFrame(() => setTimeout(() => {
      hashPending = false;
      writeHash();
    }, 0));
  }
  function writeHash(): void {
    const p = new URLSearchParams();
    if (search !== '') p.set('search', search);
    if (focus >= 0) p.set('function', funcLabel(focus));
    const s = p.toString();
    try {
      history.replaceState(null, '', s === '' ? location.pathname : `#${s}`);
    } catch {
      // some file:// contexts refuse replaceState: the link is only a convenience
    }
  }

  // start from the link's search / function, if any
  const params = new URLSearchParams(location.hash.slice(1));
  drawFilters();
  update();
  const q = params.get('search');
  if (q) {
    head.setSearch(q);
    search = q;
    match = matcher(q);
    drawGraphs();
  }
  const fnName = params.get('function');
  if (fnName) {
    for (let f = 0; f < funcCount; f++) if (funcLabel(f) === fnName) focusFunction(f);
  }
  panelsLater = true;
  // Chromium keeps a canvas drawn once as a recording, and gives it a bitmap of its own the first time
  // it is drawn again: that costs tens of milliseconds on a large canvas. Drawing again once the page
  // is shown pays it then, not at the user's first click.
  const afterFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const warmed = (async () => {
    await afterFrame();
    graph.draw();
    drawTimeline();
    // a few more drawings, a frame apart, so that V8 has optimised the drawing code by the first click
    for (let i = 0; i < 3; i++) {
      await afterFrame();
      graph.draw();
    }
  })();

  // for automation and tests: what is drawn, read-only
  (window as unknown as { pyglass: unknown }).pyglass = {
    rects: () => graph.rects.map((r) => ({ label: r.label, x: r.x, w: r.w, depth: r.depth, y: r.y, colour: r.colour, lit: graph.highlight ? graph.highlight(r.node) : true })),
    callerRects: () => callers.rects.map((r) => ({ label: r.label, x: r.x, w: r.w, depth: r.depth })),
    selected: () => selected,
    zoomLabel: () => tree.label(graph.zoomNode),
    /** Resolves once the panels show the last change (they follow the canvases by a frame). */
    settled: () => Promise.all([warmed, panelsPending]).then(() => undefined),
  };
}
