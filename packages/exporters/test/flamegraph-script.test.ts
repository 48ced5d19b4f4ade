import { describe, expect, it } from 'vitest';
import { exportProfile } from '../src/index.js';
import { dec, fixtureSamples, opts } from './helpers.js';
import { parseXml, walk, type XmlElement } from './xml.js';

/** Just enough DOM to run the SVG's embedded script against the parsed document. */
class El {
  parentNode: El | null = null;
  children: El[] = [];
  private listeners = new Map<string, ((e: { target: El; key?: string; ctrlKey?: boolean; metaKey?: boolean; preventDefault(): void }) => void)[]>();
  constructor(
    readonly tagName: string,
    readonly attrs: Map<string, string>,
    public textContent: string,
  ) {}
  getAttribute(n: string): string | null {
    return this.attrs.get(n) ?? null;
  }
  setAttribute(n: string, v: string): void {
    this.attrs.set(n, String(v));
  }
  removeAttribute(n: string): void {
    this.attrs.delete(n);
  }
  getElementsByTagName(tag: string): El[] {
    const out: El[] = [];
    const visit = (e: El): void => {
      for (const c of e.children) {
        if (c.tagName === tag) out.push(c);
        visit(c);
      }
    };
    visit(this);
    return out;
  }
  addEventListener(type: string, fn: (e: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn as never]);
  }
  dispatch(type: string, target: El = this): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ target, preventDefault() {} });
  }
}

function toDom(x: XmlElement, parent: El | null): El {
  const e = new El(x.name, new Map(Object.entries(x.attrs)), x.text);
  e.parentNode = parent;
  e.children = x.children.map((c) => toDom(c, e));
  return e;
}

/** `innerWidth`: the browser window's width (undefined: no window size, as in a viewer without layout). */
function load(text: string, innerWidth?: number) {
  const root = toDom(parseXml(text), null);
  const byId = (id: string): El => {
    const all = [root, ...root.getElementsByTagName('g'), ...root.getElementsByTagName('text'), ...root.getElementsByTagName('rect')];
    return all.find((e) => e.getAttribute('id') === id)!;
  };
  const script = root.getElementsByTagName('script')[0]!.textContent;
  const listeners = new Map<string, () => void>();
  const window = {
    prompts: [] as string[], answer: '', innerWidth,
    prompt(): string { return window.answer; },
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    resize(width: number): void { window.innerWidth = width; listeners.get('resize')?.(); },
  };
  const document = { documentElement: root, getElementById: byId };
  new Function('document', 'window', script)(document, window);
  const frames = byId('frames');
  const gs = frames.getElementsByTagName('g');
  const find = (label: string): El => gs.find((g) => g.getElementsByTagName('title')[0]!.textContent.startsWith(label + ' ('))!;
  const rect = (g: El) => ({ x: Number(g.getElementsByTagName('rect')[0]!.getAttribute('x')), w: Number(g.getElementsByTagName('rect')[0]!.getAttribute('width')) });
  return { root, byId, frames, gs, find, rect, window };
}

describe('flamegraph embedded script (run against a minimal DOM)', () => {
  const text = dec(exportProfile(fixtureSamples(), 'flamegraph', opts()));

  it('click zooms: the frame spans the full width, ancestors too (dimmed), unrelated frames hidden', () => {
    const d = load(text);
    const main5 = d.find('main (app.py:5)');
    d.frames.dispatch('click', main5.getElementsByTagName('rect')[0]!);
    expect(d.rect(main5)).toEqual({ x: 10, w: 1180 });
    expect(d.rect(d.find('work (lib.py:3)'))).toEqual({ x: 10, w: 1180 });
    expect(d.find('<module> (app.py:10)').getAttribute('class')).toBe('f parent');
    expect(d.find('run (threading.py:900)').getAttribute('class')).toBe('f hide');
    expect(d.find('idle (lib.py:20)').getAttribute('class')).toBe('f hide');
    expect(d.byId('unzoom').getAttribute('class')).toBe('button');
    // reset zoom restores the initial layout
    d.byId('unzoom').dispatch('click');
    const fresh = load(text);
    for (const g of d.gs) {
      const label = g.getElementsByTagName('title')[0]!.textContent;
      const orig = fresh.gs.find((h) => h.getElementsByTagName('title')[0]!.textContent === label)!;
      expect(d.rect(g).x).toBeCloseTo(fresh.rect(orig).x, 1);
      expect(d.rect(g).w).toBeCloseTo(fresh.rect(orig).w, 1);
      expect(g.getAttribute('class')).toBe('f');
    }
  });

  it('search highlights matching frames and shows the matched share without double counting nested matches', () => {
    const d = load(text);
    d.window.answer = '^(main|work) ';
    d.byId('search').dispatch('click');
    // main:5 (7) + main:6 (3) match; work (7) is inside main:5 → 10 of 20 samples
    expect(d.byId('matched').textContent).toBe('Matched: 50.0%');
    expect(d.find('work (lib.py:3)').getElementsByTagName('rect')[0]!.getAttribute('fill')).toBe('rgb(230,0,230)');
    expect(d.find('run (threading.py:900)').getElementsByTagName('rect')[0]!.getAttribute('fill')).not.toBe('rgb(230,0,230)');
    // second click resets
    d.byId('search').dispatch('click');
    expect(d.byId('matched').textContent).toBe(' ');
    expect(d.find('work (lib.py:3)').getElementsByTagName('rect')[0]!.getAttribute('fill')).not.toBe('rgb(230,0,230)');
  });

  it('hover shows the frame details', () => {
    const d = load(text);
    d.frames.dispatch('mouseover', d.find('loop (worker.py:7)').getElementsByTagName('text')[0]!);
    expect(d.byId('details').textContent).toBe('Function: loop (worker.py:7) (6 samples, 30%)');
  });

  it('fits the window: a 1600 px window gets a 1600 px graph, and a resize while zoomed keeps the zoom at the new width', () => {
    const d = load(text, 1600);
    expect(d.root.getAttribute('width')).toBe('1600');
    expect(d.root.getAttribute('viewBox')).toMatch(/^0 0 1600 \d+$/);
    expect(d.byId('background').getAttribute('width')).toBe('1600');
    expect(d.byId('search').getAttribute('x')).toBe('1590');
    expect(d.rect(d.find('all'))).toEqual({ x: 10, w: 1580 });
    const work = d.find('work (lib.py:3)');
    // 7 of 20 samples, offset 0 under <module> and main:5
    expect(d.rect(work).w).toBeCloseTo(1580 * 7 / 20, 1);
    d.frames.dispatch('click', work.getElementsByTagName('rect')[0]!);
    d.window.resize(900);
    expect(d.root.getAttribute('width')).toBe('900');
    expect(d.rect(work)).toEqual({ x: 10, w: 880 });
    expect(d.find('<module> (app.py:10)').getAttribute('class')).toBe('f parent');
  });

  it('without a window size the file keeps its own layout (1200 px)', () => {
    const d = load(text);
    expect(d.root.getAttribute('width')).toBe('1200');
    expect(d.rect(d.find('all'))).toEqual({ x: 10, w: 1180 });
  });

  it('zoomed labels are re-fitted to the new width', () => {
    const d = load(text);
    const sleep = d.find('sleep (time.py)');
    d.frames.dispatch('click', sleep);
    expect(sleep.getElementsByTagName('text')[0]!.textContent).toBe('sleep (time.py)');
    expect([...walk(parseXml(text))].length).toBeGreaterThan(10);
  });
});
