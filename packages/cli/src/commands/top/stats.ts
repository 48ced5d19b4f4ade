/**
 * Aggregation for `pyglass top` (py-spy's console viewer statistics): per function or per line,
 * how many samples had it as the leaf (own) and anywhere on the stack (total), both for the
 * current refresh interval and overall.
 *
 * Hot path: `add()` runs for every sample. It does not build strings per frame: labels are
 * looked up in nested maps (file → name → line) and built once, the first time a frame is seen;
 * recursion is deduplicated with a per-trace stamp instead of a Set.
 */
import { filteredTrace, traceFilter, type SampleMode, type TraceFilter } from '@pyglass/exporters';
import type { Frame, Sample, StackTrace } from '@pyglass/model';

export interface FunctionStat {
  /** `name (file)` in function mode, `name (file:line)` in line mode (`name (file)` when the line is 0). */
  readonly label: string;
  /** Samples in the current (not yet displayed) interval where this was the leaf. */
  currentOwn: number;
  /** Samples in the current interval where this was anywhere on the stack. */
  currentTotal: number;
  /** The last completed interval's counts: what %Own / %Total show. */
  shownOwn: number;
  shownTotal: number;
  /** Since the start (or the last reset): what OwnTime / TotalTime show. */
  overallOwn: number;
  overallTotal: number;
  /** Last trace serial that counted this label, to count it once per trace. */
  stamp: number;
}

/** Sort columns, numbered like the keys that select them. */
export enum SortColumn {
  OwnPercent = 1,
  TotalPercent = 2,
  OwnTime = 3,
  TotalTime = 4,
}

export type Aggregation = 'function' | 'line';

export interface StatsOptions {
  /** Count idle threads too (--idle). */
  includeIdle?: boolean;
  /** Count only threads holding the GIL (--gil). */
  gilOnly?: boolean;
  /** --mode: what a sample counts (combines with includeIdle and gilOnly). */
  mode?: SampleMode | undefined;
  /** --gc: a <GC> frame on top of stacks sampled during a collection. */
  gc?: boolean;
  /** Label frames with their full filename instead of the short one (--full-filenames). */
  fullFilenames?: boolean;
}

function newStat(label: string): FunctionStat {
  return { label, currentOwn: 0, currentTotal: 0, shownOwn: 0, shownTotal: 0, overallOwn: 0, overallTotal: 0, stamp: 0 };
}

export class TopStats {
  readonly includeIdle: boolean;
  readonly gilOnly: boolean;
  readonly fullFilenames: boolean;
  private readonly filter: TraceFilter;

  /** file → name → stat (function labels). */
  private functions = new Map<string, Map<string, FunctionStat>>();
  /** file → name → line → stat (line labels). */
  private lines = new Map<string, Map<string, Map<number, FunctionStat>>>();
  private functionList: FunctionStat[] = [];
  private lineList: FunctionStat[] = [];
  private serial = 0;

  /** Samples since the start or the last reset. */
  overallSamples = 0;
  /** Samples in the current interval. */
  currentSamples = 0;
  /** Samples of the last completed interval (the denominator of the shown percentages). */
  shownSamples = 0;
  /** Samples that reported sampling errors, since the start or the last reset. */
  errors = 0;
  lastError: string | undefined;
  /** Counted traces holding the GIL / active, current and last interval (py-spy counts per trace). */
  currentGil = 0;
  currentActive = 0;
  shownGil = 0;
  shownActive = 0;
  /** Late samples and the worst lateness (ms), current and last interval. */
  currentLate = 0;
  currentMaxLate = 0;
  shownLate = 0;
  shownMaxLate = 0;
  /** Threads (all traces, before filtering) and distinct processes in the latest sample. */
  threads = 0;
  processes = 0;

  constructor(options: StatsOptions = {}) {
    this.includeIdle = options.includeIdle ?? false;
    this.gilOnly = options.gilOnly ?? false;
    this.fullFilenames = options.fullFilenames ?? false;
    this.filter = traceFilter({ idle: this.includeIdle, gil: this.gilOnly, mode: options.mode, gc: options.gc });
  }

  /** Counts one sample. */
  add(sample: Sample): void {
    const traces = sample.traces;
    let threads = 0;
    let processes = 0;
    let lastPid = -1;
    for (let i = 0; i < traces.length; i++) {
      const sampled = traces[i]!;
      // a suspended greenlet (--greenlets) is a stack of its thread, not a thread of its own
      if (!sampled.greenlet || sampled.greenlet.running) threads++;
      if (sampled.pid !== lastPid) {
        processes++;
        lastPid = sampled.pid;
      }
      const trace = filteredTrace(sampled, this.filter);
      if (trace === undefined) continue;
      if (trace.ownsGil) this.currentGil++;
      if (trace.active) this.currentActive++;
      this.addTrace(trace);
    }
    this.threads = threads;
    this.processes = processes;
    const errors = sample.samplingErrors;
    if (errors && errors.length > 0) {
      this.errors++;
      const error = errors[errors.length - 1]!.error;
      this.lastError = (error?.message ?? String(error)).split('\n')[0];
    }
    if (sample.late !== undefined && sample.late > 0) {
      this.currentLate++;
      if (sample.late > this.currentMaxLate) this.currentMaxLate = sample.late;
    }
    this.overallSamples++;
    this.currentSamples++;
  }

  /** Counts one trace: each distinct label once for total, the leaf for own. */
  addTrace(trace: StackTrace): void {
    const frames = trace.frames;
    const serial = ++this.serial;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!;
      const fn = this.functionStat(frame);
      if (fn.stamp !== serial) {
        fn.stamp = serial;
        fn.currentTotal++;
        fn.overallTotal++;
        if (i === 0) {
          fn.currentOwn++;
          fn.overallOwn++;
        }
      }
      const ln = this.lineStat(frame);
      if (ln.stamp !== serial) {
        ln.stamp = serial;
        ln.currentTotal++;
        ln.overallTotal++;
        if (i === 0) {
          ln.currentOwn++;
          ln.overallOwn++;
        }
      }
    }
  }

  private displayFile(frame: Frame): string {
    return this.fullFilenames ? frame.filename : (frame.shortFilename ?? frame.filename);
  }

  private functionStat(frame: Frame): FunctionStat {
    const file = this.displayFile(frame);
    let byName = this.functions.get(file);
    if (byName === undefined) {
      byName = new Map();
      this.functions.set(file, byName);
    }
    let stat = byName.get(frame.name);
    if (stat === undefined) {
      stat = newStat(`${frame.name} (${file})`);
      byName.set(frame.name, stat);
      this.functionList.push(stat);
    }
    return stat;
  }

  private lineStat(frame: Frame): FunctionStat {
    const file = this.displayFile(frame);
    let byName = this.lines.get(file);
    if (byName === undefined) {
      byName = new Map();
      this.lines.set(file, byName);
    }
    let byLine = byName.get(frame.name);
    if (byLine === undefined) {
      byLine = new Map();
      byName.set(frame.name, byLine);
    }
    const line = frame.line;
    let stat = byLine.get(line);
    if (stat === undefined) {
      stat = newStat(line === 0 ? `${frame.name} (${file})` : `${frame.name} (${file}:${line})`);
      byLine.set(line, stat);
      this.lineList.push(stat);
    }
    return stat;
  }

  /**
   * Ends the current interval: its counts become the shown ones (the percentages) and the
   * current counters restart from zero. Called at every refresh.
   */
  endInterval(): void {
    for (const list of [this.functionList, this.lineList]) {
      for (const s of list) {
        s.shownOwn = s.currentOwn;
        s.shownTotal = s.currentTotal;
        s.currentOwn = 0;
        s.currentTotal = 0;
      }
    }
    this.shownSamples = this.currentSamples;
    this.shownGil = this.currentGil;
    this.shownActive = this.currentActive;
    this.shownLate = this.currentLate;
    this.shownMaxLate = this.currentMaxLate;
    this.currentSamples = 0;
    this.currentGil = 0;
    this.currentActive = 0;
    this.currentLate = 0;
    this.currentMaxLate = 0;
  }

  /** Forgets everything counted so far (the R key). */
  reset(): void {
    this.functions.clear();
    this.lines.clear();
    this.functionList = [];
    this.lineList = [];
    this.overallSamples = this.currentSamples = this.shownSamples = 0;
    this.errors = 0;
    this.lastError = undefined;
    this.currentGil = this.currentActive = this.shownGil = this.shownActive = 0;
    this.currentLate = this.currentMaxLate = this.shownLate = this.shownMaxLate = 0;
  }

  /** Every label of `mode`, unsorted (live objects: do not modify). */
  all(mode: Aggregation): readonly FunctionStat[] {
    return mode === 'line' ? this.lineList : this.functionList;
  }

  /**
   * The labels of `mode` sorted by `column`, largest first (ties: the other columns, then the
   * label), at most `limit` of them.
   */
  rows(mode: Aggregation, column: SortColumn, limit = Infinity): FunctionStat[] {
    const list = this.all(mode).slice();
    list.sort(comparator(column));
    return list.length > limit ? list.slice(0, Math.max(0, limit)) : list;
  }

  /** Fraction of samples with sampling errors (0 when there are none). */
  errorRate(): number {
    return this.overallSamples === 0 ? 0 : this.errors / this.overallSamples;
  }
}

function key(s: FunctionStat, column: SortColumn): number {
  switch (column) {
    case SortColumn.OwnPercent:
      return s.shownOwn;
    case SortColumn.TotalPercent:
      return s.shownTotal;
    case SortColumn.OwnTime:
      return s.overallOwn;
    case SortColumn.TotalTime:
      return s.overallTotal;
  }
}

const tieOrder: Record<SortColumn, SortColumn[]> = {
  [SortColumn.OwnPercent]: [SortColumn.OwnPercent, SortColumn.OwnTime, SortColumn.TotalPercent, SortColumn.TotalTime],
  [SortColumn.TotalPercent]: [SortColumn.TotalPercent, SortColumn.TotalTime, SortColumn.OwnPercent, SortColumn.OwnTime],
  [SortColumn.OwnTime]: [SortColumn.OwnTime, SortColumn.TotalTime, SortColumn.OwnPercent, SortColumn.TotalPercent],
  [SortColumn.TotalTime]: [SortColumn.TotalTime, SortColumn.OwnTime, SortColumn.TotalPercent, SortColumn.OwnPercent],
};

function comparator(column: SortColumn): (a: FunctionStat, b: FunctionStat) => number {
  const order = tieOrder[column];
  return (a, b) => {
    for (const c of order) {
      const d = key(b, c) - key(a, c);
      if (d !== 0) return d;
    }
    return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  };
}
