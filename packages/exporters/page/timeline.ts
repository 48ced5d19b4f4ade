/**
 * One row per thread: each column a time bucket, its bar as high as the thread's share of the expected
 * samples in it, split by state (colours of the state categories). Dragging selects a time range.
 */
import { stateCategories, stateCategoryLabels } from '../src/html/model.js';
import { cssVar, h, schemeKey, seconds, sizeCanvas } from './dom.js';

const ROW = 16;
const LABEL = 220;
export const stateColours = ['#8e44ad', '#e67e22', '#2e9e44', '#3a7bd5', '#9aa5b1', '#d5d9de'];

export interface TimelineOptions {
  threads: string[];
  bucketMs: number;
  bucketCount: number;
  rate: number;
  onRange(range: [number, number] | undefined): void;
}

export class Timeline {
  private readonly canvas: HTMLCanvasElement;
  private readonly info: HTMLElement;
  private selection: [number, number] | undefined;
  private cells: Float64Array | undefined;
  private dragFrom = -1;
  /** Offscreen rows (see drawBase) and the rows to draw again on it. */
  private base: HTMLCanvasElement | undefined;
  private readonly staleRows = new Set<number>();
  private baseScheme = '';
  /** The host's width, kept by a ResizeObserver (no layout forced in the middle of an update). */
  private hostWidth = 0;

  constructor(private readonly host: HTMLElement, private readonly o: TimelineOptions) {
    this.canvas = h('canvas', { id: 'timeline-canvas', 'aria-label': 'timeline per thread: drag to select a time range' });
    this.info = h('span', { id: 'range', class: 'muted' });
    const clearBtn = h('button', { type: 'button', id: 'clear-range', text: 'Whole record' });
    clearBtn.addEventListener('click', () => {
      this.clearSelection();
      this.o.onRange(undefined);
    });
    const legend = h('span', { class: 'legend' }, ...stateCategories.map((c, i) => h('span', {}, h('i', { class: `swatch s${i}` }), ` ${stateCategoryLabels[c]} `)));
    host.append(h('h2', { text: 'Timeline' }), h('div', { class: 'row' }, this.info, clearBtn, legend), this.canvas);
    // a new width draws again (the whole base: its size changed)
    new ResizeObserver((entries) => {
      for (const e of entries) {
        const width = (e.target as HTMLElement).clientWidth;
        if (width === this.hostWidth) continue;
        this.hostWidth = width;
        if (width > 0) this.paint();
      }
    }).observe(host);
    this.canvas.addEventListener('mousedown', (e) => {
      this.dragFrom = this.bucketAt(e);
      this.selection = [this.dragFrom, this.dragFrom + 1];
      this.paint();
    });
    window.addEventListener('mousemove', (e) => {
      if (this.dragFrom < 0) return;
      const b = this.bucketAt(e);
      this.selection = [Math.min(this.dragFrom, b), Math.max(this.dragFrom, b) + 1];
      this.paint();
    });
    window.addEventListener('mouseup', () => {
      if (this.dragFrom < 0) return;
      this.dragFrom = -1;
      this.o.onRange(this.selection);
    });
  }

  clearSelection(): void {
    this.selection = undefined;
    this.paint();
  }

  private width(): number {
    if (this.hostWidth === 0) this.hostWidth = this.host.clientWidth;
    return Math.max(300, this.hostWidth - 24);
  }

  private bucketAt(e: MouseEvent): number {
    const box = this.canvas.getBoundingClientRect();
    const x = e.clientX - box.left - LABEL;
    const w = this.width() - LABEL;
    return Math.max(0, Math.min(this.o.bucketCount - 1, Math.floor((x / w) * this.o.bucketCount)));
  }

  /** New cells (threads × buckets × states); rows whose cells did not change are not drawn again. */
  draw(cells: Float64Array, selection: [number, number] | undefined): void {
    const prev = this.cells;
    const rowLength = this.o.bucketCount * stateCategories.length;
    if (prev !== undefined && prev.length === cells.length && this.base !== undefined) {
      for (let t = 0; t < this.o.threads.length; t++) {
        const a = t * rowLength;
        for (let i = a; i < a + rowLength; i++) {
          if (prev[i] !== cells[i]) {
            this.staleRows.add(t);
            break;
          }
        }
      }
    } else this.base = undefined;
    this.cells = cells;
    this.selection = selection;
    this.paint();
  }

  /** The rows, labels and axis on an offscreen canvas, kept while only the selection changes. */
  private drawBase(width: number, height: number, dpr: number): HTMLCanvasElement | undefined {
    const cells = this.cells!;
    const { threads, bucketCount, bucketMs } = this.o;
    let base = this.base;
    // a new size or colour scheme draws every row again (the scheme read from its inputs: reading the
    // computed style would force a style pass in the middle of an update)
    const scheme = schemeKey();
    const whole = base === undefined || base.width !== Math.round(width * dpr) || base.height !== Math.round(height * dpr) || scheme !== this.baseScheme;
    if (!whole && this.staleRows.size === 0) return base;
    const fg = cssVar('--fg', '#222');
    if (whole) {
      this.baseScheme = scheme;
      base = document.createElement('canvas');
      base.width = Math.round(width * dpr);
      base.height = Math.round(height * dpr);
    }
    const ctx = base!.getContext('2d');
    if (ctx === null) return undefined;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const plotW = width - LABEL;
    const colW = plotW / Math.max(1, bucketCount);
    const K = stateCategories.length;
    // expected samples of one thread in one bucket
    const expected = Math.max(1, (this.o.rate * bucketMs) / 1000);
    for (let t = 0; t < threads.length; t++) {
      if (!whole && !this.staleRows.has(t)) continue;
      const y0 = t * ROW;
      ctx.clearRect(0, y0, width, ROW);
      ctx.fillStyle = fg;
      const name = threads[t]!;
      ctx.fillText(name.length > 34 ? name.slice(0, 33) + '…' : name, 2, y0 + ROW / 2);
      // one state at a time: a fillStyle change per state and row, not per bar
      const tops = new Float64Array(bucketCount).fill(y0 + ROW - 1);
      for (let k = 0; k < K; k++) {
        ctx.fillStyle = stateColours[k]!;
        for (let b = 0; b < bucketCount; b++) {
          const v = cells[(t * bucketCount + b) * K + k]!;
          if (v === 0) continue;
          const hgt = Math.min(ROW - 2, ((ROW - 2) * v) / expected);
          ctx.fillRect(LABEL + b * colW, tops[b]! - hgt, Math.max(colW, 1), hgt);
          tops[b]! -= hgt;
        }
      }
    }
    if (whole) {
      ctx.fillStyle = fg;
      const total = (bucketCount * bucketMs) / 1000;
      for (let i = 0; i <= 4; i++) ctx.fillText(seconds((total * i) / 4), LABEL + (plotW * i) / 4 - (i === 4 ? 40 : 0), height - 6);
    }
    this.staleRows.clear();
    this.base = base;
    return base;
  }

  private paint(): void {
    if (this.cells === undefined) return;
    const { threads, bucketCount, bucketMs } = this.o;
    const width = this.width();
    const height = Math.max(ROW, threads.length * ROW + 14);
    const dpr = window.devicePixelRatio || 1;
    const base = this.drawBase(width, height, dpr);
    sizeCanvas(this.canvas, width, height, dpr);
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (base !== undefined) ctx.drawImage(base, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const colW = (width - LABEL) / Math.max(1, bucketCount);
    const sel = this.selection;
    if (sel !== undefined) {
      ctx.fillStyle = 'rgba(80,140,255,0.25)';
      ctx.fillRect(LABEL + sel[0] * colW, 0, (sel[1] - sel[0]) * colW, height - 12);
      this.info.textContent = `Selected ${seconds((sel[0] * bucketMs) / 1000)} – ${seconds((sel[1] * bucketMs) / 1000)}`;
    } else this.info.textContent = 'Drag across the timeline to select a time range.';
  }
}
