/** The diff page: NEW's flame graph coloured by the change of each frame's share, with both figures on hover. */
import type { DiffData, DiffFunction } from '../src/html/model.js';
import { significant } from '../src/diff/noise.js';
import { byId, clear, h, pct } from './dom.js';
import { header, matcher, tooltip, type Matcher } from './chrome.js';
import { childrenOf, FlameGraph, nodeTree, type Tree } from './flame.js';

/** Red for growth, blue for shrinkage, grey within the noise; stronger with the size of the change. */
export function changeColour(delta: number, max: number, beyond: boolean): string {
  if (!beyond || delta === 0) return 'rgb(200,200,200)';
  const k = Math.min(1, Math.abs(delta) / Math.max(max, 1e-9));
  const fade = Math.round(215 - 125 * k);
  return delta > 0 ? `rgb(240,${fade},${fade})` : `rgb(${fade},${fade},240)`;
}

export function startDiff(data: DiffData): void {
  const S = data.strings;
  const { size, parent, frame } = nodeTree(data.nodes, 0);
  const label = (n: number) => {
    if (n === 0) return 'all';
    const f = frame[n]!;
    const file = S[data.frames[2 * f + 1]!]!;
    return file !== '' ? `${S[data.frames[2 * f]!]!} (${file})` : S[data.frames[2 * f]!]!;
  };
  const B = data.baseTotal;
  const N = data.newTotal;
  // NEW's shape: widths from NEW's totals; vanished nodes have no width
  const total = Float64Array.from(data.newTotalOf);
  const self = Float64Array.from(data.newSelf);
  const { childStart, childList } = childrenOf(parent, (a, b) => (label(a) < label(b) ? -1 : 1));
  const tree: Tree = { size, parent, total, self, childStart, childList, label };
  const delta = new Float64Array(size);
  const beyond = new Uint8Array(size);
  let maxDelta = 0;
  for (let n = 0; n < size; n++) {
    delta[n] = data.newTotalOf[n]! / N - data.baseTotalOf[n]! / B;
    beyond[n] = significant(data.baseTotalOf[n]!, B, data.newTotalOf[n]!, N, data.z) ? 1 : 0;
    if (beyond[n] && n > 0) maxDelta = Math.max(maxDelta, Math.abs(delta[n]!));
  }
  let match: Matcher | undefined;
  const app = byId('app');
  const head = header(data.title, {
    onSearch: (q) => {
      match = matcher(q);
      draw();
    },
    onReset: () => {
      match = undefined;
      head.setSearch('');
      graph.setZoom(0);
      draw();
    },
    onLayout: (icicle) => {
      graph.icicle = icicle;
      draw();
    },
  });
  const crumbs = h('nav', { id: 'breadcrumbs', 'aria-label': 'zoom path' });
  const graphBox = h('div', { id: 'graph', class: 'graph' });
  const summary = h('section', { id: 'summary', class: 'panel' });
  const legend = h('p', { class: 'legend' },
    h('i', { class: 'swatch grew' }), ' grew  ', h('i', { class: 'swatch shrank' }), ' shrank  ', h('i', { class: 'swatch same' }),
    ` within noise (${data.z} standard errors of the sample counts); widths are NEW's samples.`);
  const regressions = h('section', { id: 'regressions', class: 'panel' });
  const improvements = h('section', { id: 'improvements', class: 'panel' });
  const vanished = h('section', { id: 'vanished', class: 'panel' });
  app.append(head.element, summary, legend, crumbs, graphBox, h('div', { class: 'bottom-grid' }, regressions, improvements), vanished);
  const tip = tooltip();
  const graph = new FlameGraph(graphBox, {
    colour: (n) => changeColour(delta[n]!, maxDelta, beyond[n] === 1),
    onHover: (n, e) => {
      const d = delta[n]!;
      tip.show([
        label(n),
        `BASE: total ${data.baseTotalOf[n]} (${pct(data.baseTotalOf[n]!, B)}), own ${data.baseSelf[n]} (${pct(data.baseSelf[n]!, B)})`,
        `NEW:  total ${data.newTotalOf[n]} (${pct(data.newTotalOf[n]!, N)}), own ${data.newSelf[n]} (${pct(data.newSelf[n]!, N)})`,
        `change of total share: ${d >= 0 ? '+' : ''}${(100 * d).toFixed(2)} points${beyond[n] ? '' : ' (within noise)'}`,
      ], e);
    },
    onLeave: () => tip.hide(),
    onClick: (n) => {
      graph.setZoom(n);
      drawCrumbs();
    },
  });

  function drawCrumbs(): void {
    clear(crumbs);
    const path: number[] = [];
    for (let n = graph.zoomNode; n >= 0; n = parent[n]!) path.push(n);
    for (const n of path.reverse()) {
      const b = h('button', { class: 'crumb', text: label(n), 'aria-current': n === graph.zoomNode ? 'true' : false });
      b.addEventListener('click', () => {
        graph.setZoom(n);
        drawCrumbs();
      });
      crumbs.append(b);
    }
  }

  function draw(): void {
    if (match !== undefined) {
      const m = match;
      let matched = 0;
      const lit = new Uint8Array(size);
      const under = new Uint8Array(size);
      for (let n = 1; n < size; n++) {
        const inherited = under[parent[n]!]!;
        if (m(label(n))) {
          lit[n] = 1;
          under[n] = 1;
          if (!inherited) matched += total[n]!;
        } else under[n] = inherited;
      }
      graph.highlight = (n) => lit[n] === 1;
      head.setMatch(`${pct(matched, N)} of NEW matched`);
    } else {
      graph.highlight = undefined;
      head.setMatch('');
    }
    graph.set(tree, graph.zoomNode);
    drawCrumbs();
  }

  const dl = h('dl');
  const add = (k: string, v: string) => dl.append(h('dt', { text: k }), h('dd', { text: v }));
  add('BASE', `${data.baseName}: ${B} samples`);
  add('NEW', `${data.newName}: ${N} samples`);
  add('Shares', "each of its own profile's total, so records of different lengths and rates compare");
  summary.append(h('h2', { text: 'Differential profile' }), dl);

  const fnTable = (host: HTMLElement, title: string, rows: DiffFunction[], cls: string) => {
    const body = h('tbody');
    for (const r of rows) {
      body.append(h('tr', { class: cls },
        h('td', { class: 'num', text: `${r.totalDelta >= 0 ? '+' : ''}${(100 * r.totalDelta).toFixed(2)}` }),
        h('td', { class: 'num', text: `${r.ownDelta >= 0 ? '+' : ''}${(100 * r.ownDelta).toFixed(2)}` }),
        h('td', { class: 'num', text: `${pct(r.baseTotal, B)} → ${pct(r.newTotal, N)}` }),
        h('td', { class: 'num', text: `${pct(r.baseOwn, B)} → ${pct(r.newOwn, N)}` }),
        h('td', { class: 'fn', text: r.name }),
        h('td', { class: 'file', text: r.file })));
    }
    host.append(h('h2', { text: title }),
      rows.length === 0 ? h('p', { class: 'muted', text: 'None beyond the noise.' }) : h('div', { class: 'table-wrap' }, h('table', { class: 'changes' },
        h('thead', {}, h('tr', {}, ...['Δ total (points)', 'Δ own', 'Total BASE → NEW', 'Own BASE → NEW', 'Function', 'File'].map((t) => h('th', { text: t })))),
        body)));
  };
  fnTable(regressions, 'Regressions (grew)', data.regressions, 'grew');
  fnTable(improvements, 'Improvements (shrank)', data.improvements, 'shrank');
  const vbody = h('ul');
  for (const v of data.vanished) vbody.append(h('li', {}, h('span', { class: 'num', text: `${pct(v.base, B)} ` }), h('code', { text: v.path.join(' → ') })));
  vanished.append(h('h2', { text: `Vanished (in BASE only): ${data.vanished.length}` }), data.vanished.length ? vbody : h('p', { class: 'muted', text: 'None.' }));
  draw();
  (window as unknown as { pyglass: unknown }).pyglass = {
    rects: () => graph.rects.map((r) => ({ label: r.label, x: r.x, w: r.w, depth: r.depth, colour: r.colour, delta: delta[r.node], beyond: beyond[r.node] === 1 })),
    zoomLabel: () => label(graph.zoomNode),
  };
}
