/** The parts both pages share: the header (search, layout, reset, colour scheme), search matching, the tooltip. */
import { h } from './dom.js';

export type Matcher = (label: string) => boolean;

/** `/regex/` is a regular expression; anything else a case-insensitive substring. Undefined for an empty query. */
export function matcher(query: string): Matcher | undefined {
  const q = query.trim();
  if (q === '') return undefined;
  const re = /^\/(.+)\/([a-z]*)$/.exec(q);
  if (re) {
    try {
      const rx = new RegExp(re[1]!, re[2]!.includes('i') ? 'i' : '');
      return (s) => rx.test(s);
    } catch {
      // not a valid expression: search for the text itself
    }
  }
  const lower = q.toLowerCase();
  return (s) => s.toLowerCase().includes(lower);
}

export interface Header {
  element: HTMLElement;
  setMatch(text: string): void;
  setSearch(text: string): void;
}

const SCHEMES = ['auto', 'light', 'dark'] as const;

export function header(title: string, on: { onSearch(q: string): void; onReset(): void; onLayout(icicle: boolean): void }): Header {
  document.title = title;
  const search = h('input', { type: 'search', id: 'search', placeholder: 'search (/)  text or /regex/', 'aria-label': 'search frames' });
  const match = h('span', { id: 'match', class: 'muted', 'aria-live': 'polite' });
  const layout = h('button', { id: 'layout', type: 'button', text: 'Flame', title: 'switch between icicle (root on top) and flame (root at the bottom)' });
  const reset = h('button', { id: 'reset', type: 'button', text: 'Reset', title: 'reset zoom, search, focus and time range (Esc)' });
  const scheme = h('button', { id: 'scheme', type: 'button', title: 'colour scheme' });
  let icicle = true;
  let schemeIndex = 0;
  const applyScheme = () => {
    const s = SCHEMES[schemeIndex]!;
    scheme.textContent = `Theme: ${s}`;
    if (s === 'auto') delete document.documentElement.dataset['scheme'];
    else document.documentElement.dataset['scheme'] = s;
  };
  applyScheme();
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => on.onSearch(search.value), 80);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      clearTimeout(timer);
      on.onSearch(search.value);
    }
  });
  layout.addEventListener('click', () => {
    icicle = !icicle;
    layout.textContent = icicle ? 'Flame' : 'Icicle';
    on.onLayout(icicle);
  });
  reset.addEventListener('click', () => on.onReset());
  scheme.addEventListener('click', () => {
    schemeIndex = (schemeIndex + 1) % SCHEMES.length;
    applyScheme();
    on.onLayout(icicle);
  });
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
    if (e.key === '/' && !typing) {
      e.preventDefault();
      search.focus();
      search.select();
    } else if (e.key === 'Escape') {
      clearTimeout(timer);
      search.blur();
      on.onReset();
    }
  });
  const element = h('header', { class: 'bar' },
    h('h1', { text: title }),
    h('div', { class: 'tools' }, search, match, layout, reset, scheme));
  return {
    element,
    setMatch: (text) => {
      match.textContent = text;
    },
    setSearch: (text) => {
      search.value = text;
    },
  };
}

export function tooltip(): { show(lines: string[], e: MouseEvent): void; hide(): void } {
  const el = h('div', { id: 'tooltip', role: 'tooltip', hidden: true });
  document.body.append(el);
  return {
    show(lines, e) {
      el.replaceChildren(...lines.map((l, i) => h(i === 0 ? 'strong' : 'div', { text: l })));
      el.hidden = false;
      const pad = 14;
      const w = el.offsetWidth;
      const hgt = el.offsetHeight;
      const x = e.clientX + pad + w > window.innerWidth ? Math.max(0, e.clientX - pad - w) : e.clientX + pad;
      const y = e.clientY + pad + hgt > window.innerHeight ? Math.max(0, e.clientY - pad - hgt) : e.clientY + pad;
      el.style.left = `${x}px`;
      el.style.top = `${y}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}
