/** Small DOM helpers. Text is only ever set through textContent: no data reaches innerHTML. */

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string | number | boolean>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`missing #${id}`);
  return el as T;
}

export function pct(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const p = (100 * part) / whole;
  return `${p >= 10 ? p.toFixed(1) : p.toFixed(2)}%`;
}

/** Seconds with a unit that fits. */
export function seconds(s: number): string {
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toFixed(1)} ms`;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Gives a canvas `width`×`height` CSS pixels at `dpr`; only when that changes (a resized canvas is reallocated and cleared). */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number, dpr: number): void {
  if (canvas.width === Math.round(width * dpr) && canvas.height === Math.round(height * dpr)) return;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
}

const darkQuery = matchMedia('(prefers-color-scheme: dark)');

/** The colour scheme the page shows, from its inputs (the Theme button's choice and the system's), not
 * from computed styles: reading those in the middle of an update would force a style pass. */
export function schemeKey(): string {
  return `${document.documentElement.dataset['scheme'] ?? 'auto'}/${darkQuery.matches}`;
}

const cssVars = new Map<string, string>();

/** A CSS custom property of the page's root in the current scheme, read once per scheme. */
export function cssVar(name: string, fallback: string): string {
  const key = `${schemeKey()} ${name}`;
  let value = cssVars.get(key);
  if (value === undefined) {
    value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
    cssVars.set(key, value);
  }
  return value;
}
