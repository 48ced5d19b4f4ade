import type { RecorderOptions } from './options.js';
import { BaseRecorder } from './recorder.js';
import type { StackNode } from './stacks.js';
import { classicFormat } from './classic.js';
import { warmColour } from './palette.js';

export { warmColour };

/** Layout constants, close to flamegraph.pl's defaults. */
const IMAGE_WIDTH = 1200;
const FRAME_HEIGHT = 16;
const FONT_SIZE = 12;
const FONT_WIDTH = 0.59;
const X_PAD = 10;
const TOP_PAD = FONT_SIZE * 4;
const BOTTOM_PAD = FONT_SIZE * 2 + 10;
const MIN_WIDTH = 0.1;
const FONT_FAMILY = 'Verdana';

/** Escape text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 34) rep = '&quot;';
    else if (c === 39) rep = '&apos;';
    else if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff) rep = '\ufffd';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else rep = '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = '\ufffd';
    if (rep !== undefined) {
      out += text.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Text shown in a box of `width` px: the label, truncated with '..', or nothing when fewer than 3 characters fit. */
export function fitLabel(label: string, width: number): string {
  const chars = Math.floor((width - 6) / (FONT_SIZE * FONT_WIDTH));
  if (chars < 3) return '';
  return label.length > chars ? label.slice(0, chars - 2) + '..' : label;
}

const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();

export interface FlameNode {
  label: string;
  /** Function name (colour hash). */
  name: string;
  total: number;
  children: FlameNode[];
}

export interface FlamegraphInput {
  title: string;
  subtitle: string;
  /** The "all" root: total = every sample; children sorted by label. */
  root: FlameNode;
}

/** Render an icicle flame graph (root at top) as standalone SVG with click-to-zoom and search. */
export function renderFlamegraphSvg(input: FlamegraphInput): string {
  const total = input.root.total;
  const frameWidth = IMAGE_WIDTH - 2 * X_PAD;
  const body: string[] = [];
  let maxDepth = 0;
  if (total > 0) {
    const pxPerSample = frameWidth / total;
    // iterative pre-order walk: [node, depth, offset in samples]
    const stack: [FlameNode, number, number][] = [[input.root, 0, 0]];
    while (stack.length > 0) {
      const [node, depth, offset] = stack.pop()!;
      const w = node.total * pxPerSample;
      if (w < MIN_WIDTH) continue;
      if (depth > maxDepth) maxDepth = depth;
      const x = X_PAD + offset * pxPerSample;
      const y = TOP_PAD + depth * FRAME_HEIGHT;
      const pct = fmt((node.total / total) * 100);
      const label = escapeXml(node.label);
      const fill = depth === 0 ? 'rgb(220,110,60)' : warmColour(node.name);
      body.push(
        `<g class="f" data-x="${offset}" data-w="${node.total}" data-d="${depth}"><title>${label} (${node.total} samples, ${pct}%)</title>` +
          `<rect x="${fmt(x)}" y="${y}" width="${fmt(w)}" height="${FRAME_HEIGHT - 1}" fill="${fill}" rx="2" ry="2"/>` +
          `<text x="${fmt(x + 3)}" y="${fmt(y + FRAME_HEIGHT - 4.5)}">${escapeXml(fitLabel(node.label, w))}</text></g>`,
      );
      let childOffset = offset + node.total;
      for (let i = node.children.length - 1; i >= 0; i--) {
        const c = node.children[i]!;
        childOffset -= c.total;
        stack.push([c, depth + 1, childOffset]);
      }
    }
  }
  const rows = total > 0 ? maxDepth + 1 : 1;
  const height = TOP_PAD + rows * FRAME_HEIGHT + BOTTOM_PAD;
  const out: string[] = [];
  out.push(
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n` +
      `<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="${IMAGE_WIDTH}" height="${height}" viewBox="0 0 ${IMAGE_WIDTH} ${height}" ` +
      `data-total="${total}" data-fw="${frameWidth}" data-xpad="${X_PAD}" data-cw="${fmt(FONT_SIZE * FONT_WIDTH)}">\n` +
      `<style type="text/css">text{font-family:${FONT_FAMILY},sans-serif;font-size:${FONT_SIZE}px;fill:rgb(0,0,0)}` +
      `#title{text-anchor:middle;font-size:17px}#subtitle{text-anchor:middle;fill:rgb(110,110,110)}` +
      `#frames>g{cursor:pointer}#frames>g:hover>rect{stroke:rgb(0,0,0);stroke-width:0.5}.button{cursor:pointer}` +
      `.hide{display:none}#matched{text-anchor:end}#search{text-anchor:end}.parent{opacity:0.5}</style>\n`,
  );
  out.push(`<rect id="background" x="0" y="0" width="${IMAGE_WIDTH}" height="${height}" fill="rgb(248,248,248)"/>\n`);
  out.push(`<text id="title" x="${IMAGE_WIDTH / 2}" y="${FONT_SIZE * 2}">${escapeXml(input.title)}</text>\n`);
  out.push(`<text id="subtitle" x="${IMAGE_WIDTH / 2}" y="${FONT_SIZE * 3.5}">${escapeXml(input.subtitle)}</text>\n`);
  out.push(`<text id="details" x="${X_PAD}" y="${height - FONT_SIZE}"> </text>\n`);
  out.push(`<text id="unzoom" class="button hide" x="${X_PAD}" y="${FONT_SIZE * 2}">Reset Zoom</text>\n`);
  out.push(`<text id="search" class="button" x="${IMAGE_WIDTH - X_PAD}" y="${FONT_SIZE * 2}">Search</text>\n`);
  out.push(`<text id="matched" x="${IMAGE_WIDTH - X_PAD}" y="${height - FONT_SIZE}"> </text>\n`);
  if (total === 0) {
    out.push(`<text id="nosamples" x="${IMAGE_WIDTH / 2}" y="${TOP_PAD + FRAME_HEIGHT - 4.5}" style="text-anchor:middle">No samples</text>\n`);
  }
  out.push(`<g id="frames">\n${body.join('\n')}\n</g>\n`);
  out.push(`<script type="text/ecmascript"><![CDATA[${SCRIPT}]]></script>\n</svg>\n`);
  return out.join('');
}

/**
 * Browser-side code: fit the window's width (and follow resizes; the file itself is laid out
 * IMAGE_WIDTH wide for viewers without scripts), click to zoom, reset zoom, search with a regular
 * expression, hover details.
 */
const SCRIPT = `
(function () {
  var svg = document.documentElement;
  var total = +svg.getAttribute('data-total'), fw = +svg.getAttribute('data-fw');
  var xpad = +svg.getAttribute('data-xpad'), cw = +svg.getAttribute('data-cw');
  var frames = document.getElementById('frames'), details = document.getElementById('details');
  var unzoomBtn = document.getElementById('unzoom'), searchBtn = document.getElementById('search');
  var matched = document.getElementById('matched');
  var gs = frames.getElementsByTagName('g');
  var searching = false, zoomed = null;
  function num(g, n) { return +g.getAttribute('data-' + n); }
  function frameOf(el) {
    while (el && el !== frames) { if (el.getAttribute && el.getAttribute('class') && /(^| )f( |$)/.test(el.getAttribute('class'))) return el; el = el.parentNode; }
    return null;
  }
  function title(g) { return g.getElementsByTagName('title')[0].textContent; }
  function label(g) { var t = title(g), i = t.lastIndexOf(' ('); return i < 0 ? t : t.slice(0, i); }
  function place(g, x, w) {
    var r = g.getElementsByTagName('rect')[0], t = g.getElementsByTagName('text')[0];
    r.setAttribute('x', x.toFixed(2)); r.setAttribute('width', w.toFixed(2));
    t.setAttribute('x', (x + 3).toFixed(2));
    var n = Math.floor((w - 6) / cw), l = label(g);
    t.textContent = n < 3 ? '' : l.length > n ? l.slice(0, n - 2) + '..' : l;
  }
  function zoom(target) {
    zoomed = num(target, 'd') === 0 ? null : target;
    var x0 = num(target, 'x'), w0 = num(target, 'w'), d0 = num(target, 'd');
    unzoomBtn.setAttribute('class', d0 === 0 ? 'button hide' : 'button');
    for (var i = 0; i < gs.length; i++) {
      var g = gs[i], x = num(g, 'x'), w = num(g, 'w'), d = num(g, 'd');
      if (d < d0 && x <= x0 && x + w >= x0 + w0) { g.setAttribute('class', 'f parent'); place(g, xpad, fw); }
      else if (d >= d0 && x >= x0 && x + w <= x0 + w0) { g.setAttribute('class', 'f'); place(g, xpad + (x - x0) / w0 * fw, w / w0 * fw); }
      else g.setAttribute('class', 'f hide');
    }
  }
  function unzoom() {
    zoomed = null;
    unzoomBtn.setAttribute('class', 'button hide');
    for (var i = 0; i < gs.length; i++) { var g = gs[i]; g.setAttribute('class', 'f'); place(g, xpad + num(g, 'x') / total * fw, num(g, 'w') / total * fw); }
  }
  function clearSearch() {
    for (var i = 0; i < gs.length; i++) {
      var r = gs[i].getElementsByTagName('rect')[0], o = r.getAttribute('data-fill');
      if (o) { r.setAttribute('fill', o); r.removeAttribute('data-fill'); }
    }
    matched.textContent = ' '; searchBtn.textContent = 'Search'; searching = false;
  }
  function search(term) {
    var re; try { re = new RegExp(term); } catch (e) { matched.textContent = 'Invalid regular expression'; return; }
    clearSearch();
    var hits = [];
    for (var i = 0; i < gs.length; i++) {
      var g = gs[i];
      if (num(g, 'd') === 0 || !re.test(label(g))) continue;
      var r = g.getElementsByTagName('rect')[0];
      r.setAttribute('data-fill', r.getAttribute('fill')); r.setAttribute('fill', 'rgb(230,0,230)');
      hits.push([num(g, 'x'), num(g, 'w')]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var sum = 0, end = -1;
    for (var j = 0; j < hits.length; j++) { if (hits[j][0] >= end) { sum += hits[j][1]; end = hits[j][0] + hits[j][1]; } }
    matched.textContent = 'Matched: ' + (total ? (100 * sum / total).toFixed(1) : '0.0') + '%';
    searchBtn.textContent = 'Reset Search'; searching = true;
  }
  function fitWindow() {
    var w = Math.floor(window.innerWidth || 0);
    if (w < 200) return; // no window to fit (or a tiny one): keep the file's layout
    fw = w - 2 * xpad;
    svg.setAttribute('width', w);
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + svg.getAttribute('height'));
    document.getElementById('background').setAttribute('width', w);
    document.getElementById('title').setAttribute('x', w / 2);
    document.getElementById('subtitle').setAttribute('x', w / 2);
    searchBtn.setAttribute('x', w - xpad);
    matched.setAttribute('x', w - xpad);
    if (zoomed) zoom(zoomed); else unzoom();
  }
  fitWindow();
  window.addEventListener('resize', fitWindow);
  frames.addEventListener('click', function (e) { var g = frameOf(e.target); if (g) zoom(g); });
  frames.addEventListener('mouseover', function (e) { var g = frameOf(e.target); if (g) details.textContent = 'Function: ' + title(g); });
  frames.addEventListener('mouseout', function () { details.textContent = ' '; });
  unzoomBtn.addEventListener('click', unzoom);
  searchBtn.addEventListener('click', function () {
    if (searching) { clearSearch(); return; }
    var term = window.prompt('Search string (regular expression)', '');
    if (term) search(term);
  });
  window.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'f') { e.preventDefault(); var t = window.prompt('Search string (regular expression)', ''); if (t) search(t); }
    else if (e.key === 'Escape') { clearSearch(); unzoom(); }
  });
})();
`;

/** Flame graph (SVG) recorder: aggregates by label path like py-spy's Flamegraph.counts. */
export class FlamegraphRecorder extends BaseRecorder {
  readonly format = 'flamegraph' as const;

  constructor(options: RecorderOptions) {
    super(options, { byLabel: true, perThread: false });
  }

  /** The aggregated tree (children sorted by label), e.g. for tests or other renderers. */
  tree(): FlameNode {
    const nodes = this.collector.nodes;
    const totals = new Float64Array(nodes.length);
    // children are created after their parents: a reverse sweep accumulates totals bottom-up
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!;
      totals[i]! += n.self;
      if (n.parent !== undefined) totals[n.parent.id]! += totals[i]!;
    }
    const build = (n: StackNode): FlameNode => ({
      label: n.frame?.label ?? 'all',
      name: n.frame?.name ?? 'all',
      total: totals[n.id]!,
      children: [],
    });
    const rootOut = build(this.collector.root);
    const work: [StackNode, FlameNode][] = [[this.collector.root, rootOut]];
    while (work.length > 0) {
      const [n, out] = work.pop()!;
      const kids = n.childNodes().filter((c) => totals[c.id]! > 0);
      kids.sort((a, b) => (a.frame!.label < b.frame!.label ? -1 : a.frame!.label > b.frame!.label ? 1 : 0));
      for (const k of kids) {
        const o = build(k);
        out.children.push(o);
        work.push([k, o]);
      }
    }
    return rootOut;
  }

  protected render(): string {
    const total = this.collector.total;
    return renderFlamegraphSvg({
      title: this.options.title ?? 'pyglass',
      subtitle: total === 0 ? 'No samples' : `${total} samples, ${fmt(this.options.sampleRate)} samples per second`,
      root: this.tree(),
    });
  }
}

/** `flamegraph`: the registry entry. */
export const flamegraphFormat = classicFormat(
  { extensions: ['svg'], binary: false, description: 'interactive SVG flame graph (icicle layout, search, zoom)', wrote: 'flamegraph data' },
  (options) => new FlamegraphRecorder(options),
);
