/**
 * A flame (or icicle) graph on a canvas, for any tree whose nodes are numbered so that a parent comes
 * before its children (node 0 is the root). Only frames at least MIN_PX wide are laid out and drawn,
 * so the cost of a redraw follows what is visible, not the size of the tree.
 */

import { sizeCanvas } from './dom.js';

const ROW = 18;
const MIN_PX = 0.5;
const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

export interface Tree {
  readonly size: number;
  readonly parent: Int32Array;
  readonly total: Float64Array;
  readonly self: Float64Array;
  /** Children of node i: childList[childStart[i] .. childStart[i + 1]), in display order. */
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  label(node: number): string;
}

/** Builds the children lists of a tree given parents (parent[i] < i; -1 for the root), sorted by `order`. */
export function childrenOf(parent: Int32Array, order: (a: number, b: number) => number): { childStart: Int32Array; childList: Int32Array } {
  const n = parent.length;
  const counts = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) counts[parent[i]! + 1]!++;
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i]! + counts[i + 1]!;
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) childList[fill[parent[i]!]!++] = i;
  for (let i = 0; i < n; i++) {
    const a = childStart[i]!;
    const b = childStart[i + 1]!;
    if (b - a > 1) childList.subarray(a, b).sort(order);
  }
  return { childStart, childList };
}

/** Sums own counts up into totals (parents precede children). */
export function totalsFromSelf(parent: Int32Array, self: Float64Array, total: Float64Array): void {
  total.set(self);
  for (let i = parent.length - 1; i > 0; i--) total[parent[i]!]! += total[i]!;
}

export interface Rect {
  node: number;
  x: number;
  w: number;
  depth: number;
  colour: string;
  label: string;
}

export interface FlameOptions {
  colour(node: number): string;
  onHover(node: number, event: MouseEvent): void;
  onLeave(): void;
  onClick(node: number): void;
}

export class FlameGraph {
  readonly canvas: HTMLCanvasElement;
  private tree: Tree | undefined;
  private zoom = 0;
  icicle = true;
  /** What was drawn last, by row: for hit tests and for tests reading the page. */
  rects: Rect[] = [];
  /** Highlighted frames (search matches) keep their colour; when set, the others are dimmed. */
  highlight: ((node: number) => boolean) | undefined;
  private rows: Rect[][] = [];
  private dimmed = false;
  /** The host's width, measured once and then kept by a ResizeObserver: reading it after the page's
   * DOM changed would force a layout in the middle of an update. */
  private hostWidth = 0;

  constructor(private readonly host: HTMLElement, private readonly options: FlameOptions) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas';
    host.append(this.canvas);
    new ResizeObserver((entries) => {
      for (const e of entries) this.hostWidth = (e.target as HTMLElement).clientWidth;
    }).observe(host);
    this.canvas.addEventListener('mousemove', (e) => {
      const r = this.hit(e);
      if (r) this.options.onHover(r.node, e);
      else this.options.onLeave();
    });
    this.canvas.addEventListener('mouseleave', () => this.options.onLeave());
    this.canvas.addEventListener('click', (e) => {
      const r = this.hit(e);
      if (r) this.options.onClick(r.node);
    });
  }

  get zoomNode(): number {
    return this.zoom;
  }

  set(tree: Tree, zoom = 0): void {
    this.tree = tree;
    this.zoom = zoom < tree.size ? zoom : 0;
    this.draw();
  }

  setZoom(node: number): void {
    this.zoom = node;
    this.draw();
  }

  private hit(e: MouseEvent): Rect | undefined {
    const box = this.canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const rowCount = this.rows.length;
    const row = this.icicle ? Math.floor(y / ROW) : rowCount - 1 - Math.floor(y / ROW);
    const rects = this.rows[row];
    if (rects === undefined) return undefined;
    for (const r of rects) if (x >= r.x && x < r.x + Math.max(r.w, 1)) return r;
    return undefined;
  }

  /** Lays out the visible frames under the zoom node and paints them. */
  draw(): void {
    const tree = this.tree;
    if (this.hostWidth === 0) this.hostWidth = this.host.clientWidth;
    const width = Math.max(200, this.hostWidth || 800);
    this.rects = [];
    this.rows = [];
    if (tree === undefined) return;
    const z = this.zoom;
    const scale = tree.total[z]! > 0 ? width / tree.total[z]! : 0;
    const highlighted = this.highlight;
    this.dimmed = false;
    if (scale > 0) {
      // iterative depth-first layout: node, its x, its depth
      const stackNode: number[] = [z];
      const stackX: number[] = [0];
      const stackD: number[] = [0];
      while (stackNode.length > 0) {
        const node = stackNode.pop()!;
        const x = stackX.pop()!;
        const d = stackD.pop()!;
        const w = tree.total[node]! * scale;
        const rect: Rect = { node, x, w, depth: d, colour: this.options.colour(node), label: tree.label(node) };
        this.rects.push(rect);
        (this.rows[d] ??= []).push(rect);
        // the visible children, pushed in order and then reversed in place (first child popped first)
        let cx = x;
        const end = tree.childStart[node + 1]!;
        const base = stackNode.length;
        for (let i = tree.childStart[node]!; i < end; i++) {
          const c = tree.childList[i]!;
          const cw = tree.total[c]! * scale;
          if (cw >= MIN_PX) {
            stackNode.push(c);
            stackX.push(cx);
            stackD.push(d + 1);
          }
          cx += cw;
        }
        for (let i = base, j = stackNode.length - 1; i < j; i++, j--) {
          const n = stackNode[i]!;
          stackNode[i] = stackNode[j]!;
          stackNode[j] = n;
          const px = stackX[i]!;
          stackX[i] = stackX[j]!;
          stackX[j] = px;
        }
      }
      if (highlighted !== undefined) this.dimmed = true;
    }
    const height = Math.max(ROW * 2, this.rows.length * ROW);
    const dpr = window.devicePixelRatio || 1;
    sizeCanvas(this.canvas, width, height, dpr);
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const charW = ctx.measureText('M').width || 7;
    const rowCount = this.rows.length;
    const dim = this.dimmed ? getComputedStyle(document.documentElement).getPropertyValue('--dim').trim() || '#ccc' : '';
    // boxes grouped by colour (a fillStyle change parses a colour: once per colour, not per box), then the labels
    const byColour = new Map<string, Rect[]>();
    for (const r of this.rects) {
      const colour = !this.dimmed || highlighted!(r.node) ? r.colour : dim;
      const list = byColour.get(colour);
      if (list === undefined) byColour.set(colour, [r]);
      else list.push(r);
    }
    const yOf = (r: Rect) => (this.icicle ? r.depth * ROW : (rowCount - 1 - r.depth) * ROW);
    for (const [colour, list] of byColour) {
      ctx.fillStyle = colour;
      for (const r of list) ctx.fillRect(r.x, yOf(r), Math.max(r.w - 0.5, 0.5), ROW - 1);
    }
    ctx.fillStyle = '#000';
    for (const r of this.rects) {
      if (r.w > charW * 3) {
        const fit = Math.floor((r.w - 6) / charW);
        const text = r.label.length <= fit ? r.label : r.label.slice(0, Math.max(0, fit - 1)) + '…';
        ctx.fillText(text, r.x + 3, yOf(r) + ROW / 2);
      }
    }
  }
}
