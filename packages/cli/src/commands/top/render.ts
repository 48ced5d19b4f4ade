/**
 * Screen layout for `pyglass top`: the header, the table and the help screen, as lines of text
 * cut to the terminal's width and height. Pure functions: the caller writes the lines.
 */
import { SortColumn, type Aggregation, type TopStats } from './stats.js';

export interface ViewState {
  sort: SortColumn;
  mode: Aggregation;
  help: boolean;
}

export function initialView(): ViewState {
  // py-spy's top starts by function, sorted by OwnTime
  return { sort: SortColumn.OwnTime, mode: 'function', help: false };
}

export interface HeaderInfo {
  /** The profiled command line (or what we know of it). */
  command: string;
  /** Python version string, e.g. "3.12.1", when known. */
  version?: string | undefined;
  subprocesses: boolean;
  /** Samples per second: one sample counts as 1/rate seconds. */
  rate: number;
  /** Refresh delay in seconds (the "behind" warning only shows when it is > 1 s). */
  delay: number;
}

export interface RenderOptions {
  width: number;
  height: number;
  /** Use ANSI styles (bold header, inverse table header). */
  ansi: boolean;
  /** Add the key hint line at the bottom (interactive mode). */
  keyHint: boolean;
}

/** py-spy's display_time: >1000 s → no decimals, ≥100 → 1, ≥1 → 2, below → 3. */
export function displayTime(seconds: number): string {
  if (seconds > 1000) return seconds.toFixed(0);
  if (seconds >= 100) return seconds.toFixed(1);
  if (seconds >= 1) return seconds.toFixed(2);
  return seconds.toFixed(3);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (100 * part) / whole;
}

/** One table row: `{:>6.2}% {:>6.2}% {:>7}s {:>8}s   {label}` like py-spy. */
export function formatRow(ownPercent: number, totalPercent: number, ownTime: number, totalTime: number, label: string): string {
  return `${ownPercent.toFixed(2).padStart(6)}% ${totalPercent.toFixed(2).padStart(6)}% ${displayTime(ownTime).padStart(7)}s ${displayTime(totalTime).padStart(8)}s   ${label}`;
}

const columnTitles: Record<SortColumn, string> = {
  [SortColumn.OwnPercent]: '%Own'.padStart(7),
  [SortColumn.TotalPercent]: '%Total'.padStart(7),
  [SortColumn.OwnTime]: 'OwnTime'.padStart(8),
  [SortColumn.TotalTime]: 'TotalTime'.padStart(9),
};

const sortColumns = [SortColumn.OwnPercent, SortColumn.TotalPercent, SortColumn.OwnTime, SortColumn.TotalTime];

const ESC = '\x1b[';
const bold = (s: string) => `${ESC}1m${s}${ESC}22m`;
const inverse = (s: string) => `${ESC}7m${s}${ESC}27m`;
const dim = (s: string) => `${ESC}2m${s}${ESC}22m`;

/** Cuts `s` to `width` columns (labels are one column per UTF-16 unit here; good enough for paths). */
export function fit(s: string, width: number): string {
  if (width <= 0) return '';
  return s.length <= width ? s : s.slice(0, width);
}

export function headerLines(stats: TopStats, info: HeaderInfo): string[] {
  const lines: string[] = [];
  const version = info.version ? ` (python v${info.version})` : '';
  lines.push(`Collecting samples from '${info.command}'${info.subprocesses ? ' and subprocesses' : ''}${version}`);
  const errorRate = stats.errorRate();
  if (errorRate >= 0.01 && stats.overallSamples > 100) {
    lines.push(`Total Samples ${stats.overallSamples}, Error Rate ${(errorRate * 100).toFixed(2)}% (${stats.lastError ?? 'unknown error'})`);
  } else {
    lines.push(`Total Samples ${stats.overallSamples}`);
  }
  const processes = info.subprocesses ? `, Processes ${stats.processes}` : '';
  lines.push(
    `GIL: ${percent(stats.shownGil, stats.shownSamples).toFixed(2)}%, Active: ${percent(stats.shownActive, stats.shownSamples).toFixed(2)}%, Threads: ${stats.threads}${processes}`,
  );
  if (info.delay > 1 && stats.shownSamples > 0 && stats.shownLate > 0.1 * stats.shownSamples) {
    lines.push(`Warning: sampling is ${(stats.shownMaxLate / 1000).toFixed(3)}s behind, results may be inaccurate: try a lower --rate.`);
  }
  return lines;
}

/** The table header, aligned with `formatRow`; the sort column is bold when `ansi`. */
export function tableHeader(view: ViewState, ansi: boolean): string {
  const label = view.mode === 'line' ? 'Function (filename:line)' : 'Function (filename)';
  if (!ansi) return `${sortColumns.map((c) => columnTitles[c]).join(' ')}   ${label}`;
  return `${sortColumns.map((c) => (c === view.sort ? bold(columnTitles[c]) : columnTitles[c])).join(' ')}   ${label}`;
}

function plainTableHeader(view: ViewState): string {
  return tableHeader(view, false);
}

export const keyHint = 'Keys: 1-4 sort by column, L lines/functions, R reset, ? help, q quit';

export const helpLines = [
  'pyglass top: keyboard shortcuts',
  '',
  '  1        sort by %Own: share of the last interval spent in the function itself',
  '  2        sort by %Total: share of the last interval spent in the function and what it calls',
  '  3        sort by OwnTime: time spent in the function itself since the start (default)',
  '  4        sort by TotalTime: time spent in the function and what it calls since the start',
  '  L, l     toggle aggregation by function / by line number',
  '  R, r     reset the statistics',
  '  ?        show or leave this help (X, x or Esc leave it too)',
  '  q, Q     quit (Ctrl-C too)',
];

/** The whole screen: at most `height` lines, each at most `width` columns (ANSI excluded). */
export function renderScreen(stats: TopStats, info: HeaderInfo, view: ViewState, opts: RenderOptions): string[] {
  const { width, height, ansi } = opts;
  const out: string[] = [];
  const push = (text: string, style?: (s: string) => string) => {
    if (out.length >= height) return;
    const cut = fit(text, width);
    out.push(ansi && style ? style(cut) : cut);
  };
  if (view.help) {
    for (const line of helpLines) push(line, line === helpLines[0] ? bold : undefined);
    return out;
  }
  const header = headerLines(stats, info);
  push(header[0]!, bold);
  for (let i = 1; i < header.length; i++) push(header[i]!, header[i]!.startsWith('Warning') ? bold : undefined);
  push('');
  // the table header: inverse video over the full width, the sort column in bold
  if (out.length < height) {
    if (ansi) {
      const plain = fit(plainTableHeader(view), width);
      const styled = plain.length === plainTableHeader(view).length ? tableHeader(view, true) : plain;
      out.push(inverse(styled + ' '.repeat(Math.max(0, width - plain.length))));
    } else {
      out.push(fit(plainTableHeader(view), width));
    }
  }
  const reserved = opts.keyHint ? 1 : 0;
  const room = height - out.length - reserved;
  if (room > 0) {
    const rate = info.rate;
    for (const s of stats.rows(view.mode, view.sort, room)) {
      push(formatRow(percent(s.shownOwn, stats.shownSamples), percent(s.shownTotal, stats.shownSamples), s.overallOwn / rate, s.overallTotal / rate, s.label));
    }
  }
  if (opts.keyHint && height > out.length) {
    while (out.length < height - 1) out.push('');
    push(keyHint, dim);
  }
  return out;
}
