/**
 * A flame (or icicle) graph on a canvas, for any tree whose nodes are numbered so that a parent comes
 * before its children (node 0 is the root). Only frames at least MIN_PX wide are laid out and drawn,
 * so the cost of a redraw follows what is visible, not the size of the tree.
 */

import { cssVar, sizeCanvas } from './dom.js';

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

/**
 * The tree of a page's `nodes` (a [parent, frame] pair per node, parents first) below an added node 0,
 * "all": node i + 1 is pair i, its parent the stored one plus `parentShift` (1 where the data numbers
 * its nodes from 0 with -1 for a top-level one, 0 where it already counts "all" as 0).
 */
export function nodeTree(nodes: ArrayLike<number>, parentShift: number): { size: number; parent: Int32Array; frame: Int32Array } {
  const size = nodes.length / 2 + 1;
  const parent = new Int32Array(size);
  const frame = new Int32Array(size);
  parent[0] = -1;
  frame[0] = -1;
  for (let i = 1; i < size; i++) {
    parent[i] = nodes[2 * (i - 1)]! + parentShift;
    frame[i] = nodes[2 * (i - 1) + 1]!;
  }
  return { size, parent, frame };
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
  /** Top of its row on the canvas (CSS pixels). */
  y: number;
  colour: string;
  label: string;
}

export interface FlameOptions {
  colour(node: number): string;
  onHover(node: number, event: MouseEvent): void;
  onLeave(): void;
  onClick(node: number): void;
}

/** Growable typed columns of the laid-out boxes: no object per box, so a redraw leaves little garbage. */
class Boxes {
  count = 0;
  node = new Int32Array(1024);
  depth = new Int32Array(1024);
  x = new Float64Array(1024);
  w = new Float64Array(1024);

  push(node: number, depth: number, x: number, w: number): void {
    if (this.count === this.node.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.node = grow(this.node);
      this.depth = grow(this.depth);
      this.x = grow(this.x);
      this.w = grow(this.w);
    }
    const i = this.count++;
    this.node[i] = node;
    this.depth[i] = depth;
    this.x[i] = x;
    this.w[i] = w;
  }
}

/** Boxes at least this many pixels wide are drawn alone, with a gap; narrower ones that touch merge. */
const ALONE_PX = 3;
/** Rows the canvas may keep empty below (above, in flame layout) before it is made smaller: resizing a
 * canvas reallocates and clears it, which costs more than painting a few empty rows. */
const SPARE_ROWS = 16;

export class FlameGraph {
  readonly canvas: HTMLCanvasElement;
  private tree: Tree | undefined;
  private zoom = 0;
  icicle = true;
  /** Highlighted frames (search matches) keep their colour; when set, the others are dimmed. */
  highlight: ((node: number) => boolean) | undefined;
  private readonly boxes = new Boxes();
  private rowCount = 0;
  /** Rows the canvas has room for (at least rowCount). */
  private canvasRows = 0;
  /** The host's width, measured once and then kept by a ResizeObserver: reading it after the page's
   * DOM changed would force a layout in the middle of an update. */
  private hostWidth = 0;

  constructor(private readonly host: HTMLElement, private readonly options: FlameOptions) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'flame-canvas';
    host.append(this.canvas);
    // a new width draws again; a new height (the canvas's own, after a zoom) does not
    new ResizeObserver((entries) => {
      for (const e of entries) {
        const width = (e.target as HTMLElement).clientWidth;
        if (width === this.hostWidth) continue;
        this.hostWidth = width;
        if (this.tree !== undefined && width > 0) this.draw();
      }
    }).observe(host);
    this.canvas.addEventListener('mousemove', (e) => {
      const i = this.hit(e);
      if (i >= 0) this.options.onHover(this.boxes.node[i]!, e);
      else this.options.onLeave();
    });
    this.canvas.addEventListener('mouseleave', () => this.options.onLeave());
    this.canvas.addEventListener('click', (e) => {
      const i = this.hit(e);
      if (i >= 0) this.options.onClick(this.boxes.node[i]!);
    });
  }

  get zoomNode(): number {
    return this.zoom;
  }

  /** What was drawn last, one entry per frame laid out (for tests and automation reading the page). */
  get rects(): Rect[] {
    const b = this.boxes;
    const tree = this.tree;
    const out: Rect[] = [];
    if (tree === undefined) return out;
    for (let i = 0; i < b.count; i++) {
      const node = b.node[i]!;
      out.push({ node, x: b.x[i]!, w: b.w[i]!, depth: b.depth[i]!, y: this.rowY(b.depth[i]!), colour: this.options.colour(node), label: tree.label(node) });
    }
    return out;
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

  private rowY(depth: number): number {
    return (this.icicle ? depth : this.canvasRows - 1 - depth) * ROW;
  }

  /** The box under the mouse (its index), or -1. */
  private hit(e: MouseEvent): number {
    const box = this.canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const row = this.icicle ? Math.floor(y / ROW) : this.canvasRows - 1 - Math.floor(y / ROW);
    const b = this.boxes;
    for (let i = 0; i < b.count; i++) if (b.depth[i] === row && x >= b.x[i]! && x < b.x[i]! + Math.max(b.w[i]!, 1)) return i;
    return -1;
  }

  /** Lays out the visible frames under the zoom node and paints them. */
  draw(): void {
    const tree = this.tree;
    if (this.hostWidth === 0) this.hostWidth = this.host.clientWidth;
    const width = Math.max(200, this.hostWidth || 800);
    const b = this.boxes;
    b.count = 0;
    this.rowCount = 0;
    if (tree === undefined) return;
    const z = this.zoom;
    const scale = tree.total[z]! > 0 ? width / tree.total[z]! : 0;
    if (scale > 0) {
      // iterative depth-first layout: node, its x, its depth. Children are visited in order, so each
      // row's boxes come out left to right.
      const stackNode: number[] = [z];
      const stackX: number[] = [0];
      const stackD: number[] = [0];
      while (stackNode.length > 0) {
        const node = stackNode.pop()!;
        const x = stackX.pop()!;
        const d = stackD.pop()!;
        b.push(node, d, x, tree.total[node]! * scale);
        if (d >= this.rowCount) this.rowCount = d + 1;
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
    }
    const rows = Math.max(2, this.rowCount);
    if (rows > this.canvasRows || rows < this.canvasRows - SPARE_ROWS) this.canvasRows = rows;
    const height = this.canvasRows * ROW;
    const dpr = window.devicePixelRatio || 1;
    sizeCanvas(this.canvas, width, height, dpr);
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (b.count === 0) return;
    this.paint(ctx, tree);
  }

  /**
   * Boxes snapped to whole pixels and grouped by colour (a fillStyle change parses a colour: once per
   * colour, not per box). In each row, boxes under ALONE_PX wide that touch are one rect, in the colour
   * of the first (a highlighted one's, if any): what costs in a large profile is the canvas's own
   * drawing of every rect at the next frame, and thousands of sub-pixel boxes show as a few strips.
   */
  private paint(ctx: CanvasRenderingContext2D, tree: Tree): void {
    const b = this.boxes;
    const highlighted = this.highlight;
    const dim = highlighted !== undefined ? cssVar('--dim', '#ccc') : '';
    // box indices by row, each row left to right (a stable counting sort of the layout order)
    const rowStart = new Int32Array(this.rowCount + 1);
    for (let i = 0; i < b.count; i++) rowStart[b.depth[i]! + 1]!++;
    for (let r = 0; r < this.rowCount; r++) rowStart[r + 1]! += rowStart[r]!;
    const order = new Int32Array(b.count);
    const fill = rowStart.slice(0, this.rowCount);
    for (let i = 0; i < b.count; i++) order[fill[b.depth[i]!]!++] = i;
    const byColour = new Map<string, number[]>();
    const rect = (colour: string, x0: number, x1: number, y: number) => {
      const list = byColour.get(colour);
      if (list === undefined) byColour.set(colour, [x0, y, x1 - x0]);
      else list.push(x0, y, x1 - x0);
    };
    const colourOf = (node: number) => (highlighted === undefined || highlighted(node) ? this.options.colour(node) : dim);
    for (let r = 0; r < this.rowCount; r++) {
      const y = this.rowY(r);
      let runStart = -1;
      let runEnd = -1;
      let runColour = '';
      let runLit = false;
      for (let k = rowStart[r]!; k < rowStart[r + 1]!; k++) {
        const i = order[k]!;
        const x0 = Math.round(b.x[i]!);
        const x1 = Math.round(b.x[i]! + b.w[i]!);
        if (x1 - x0 >= ALONE_PX) {
          if (runStart >= 0) rect(runColour, runStart, runEnd, y);
          runStart = -1;
          rect(colourOf(b.node[i]!), x0, x1 - 1, y);
          continue;
        }
        const end = Math.max(x1, x0 + 1);
        const lit = highlighted !== undefined && highlighted(b.node[i]!);
        if (runStart >= 0 && x0 <= runEnd) {
          if (end > runEnd) runEnd = end;
          if (lit && !runLit) {
            runColour = this.options.colour(b.node[i]!);
            runLit = true;
          }
          continue;
        }
        if (runStart >= 0) rect(runColour, runStart, runEnd, y);
        runStart = x0;
        runEnd = end;
        runColour = colourOf(b.node[i]!);
        runLit = lit;
      }
      if (runStart >= 0) rect(runColour, runStart, runEnd, y);
    }
    for (const [colour, list] of byColour) {
      ctx.fillStyle = colour;
      for (let k = 0; k < list.length; k += 3) ctx.fillRect(list[k]!, list[k + 1]!, list[k + 2]!, ROW - 1);
    }
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const charW = ctx.measureText('M').width || 7;
    ctx.fillStyle = '#000';
    // a label where three characters and an ellipsis fit
    const labelMin = charW * 4 + 6;
    for (let i = 0; i < b.count; i++) {
      const w = b.w[i]!;
      if (w < labelMin) continue;
      const label = tree.label(b.node[i]!);
      const fit = Math.floor((w - 6) / charW);
      const text = label.length <= fit ? label : label.slice(0, Math.max(0, fit - 1)) + '…';
      ctx.fillText(text, Math.round(b.x[i]!) + 3, this.rowY(b.depth[i]!) + ROW / 2);
    }
  }
}
