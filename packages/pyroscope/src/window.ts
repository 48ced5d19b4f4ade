import type { StackTrace } from '@pyglass/model';
import type { ProcessDescription } from './process.js';

/** What one process sampled in the current window, in an exporter's own form (pprof recorder, OTLP samples). */
export interface SeriesBuilder {
  add(trace: StackTrace, timeMs: number): void;
  /** Traces added. */
  readonly samples: number;
}

/** One process's series in a window: who it is (taken when the series started) and what it sampled. */
export interface WindowSeries<S extends SeriesBuilder> {
  pid: number;
  serviceName: string;
  /** What is known of the process (container, executable, runtime) when its series started. */
  process: ProcessDescription;
  builder: S;
}

/** What was sampled from `from` (inclusive) to `until`, ms since the epoch; one series per process. */
export interface ProfileWindow<S extends SeriesBuilder = SeriesBuilder> {
  /** 1, 2, 3 … in the order the windows were cut. */
  seq: number;
  from: number;
  until: number;
  /** Only series with samples. */
  series: Array<WindowSeries<S>>;
  /** Traces over all series. */
  samples: number;
}

/** Who a process is: its service name and what else is known of it (the CLI reads these from /proc). */
export interface SeriesIdentity {
  serviceName: (pid: number) => string;
  describe: (pid: number) => ProcessDescription;
}

/**
 * Collects traces into the current window, one series per process built by `newSeries` (the
 * exporter's), and cuts windows on demand. Windows are contiguous: each starts where the last ended.
 * Shared by the Pyroscope and OTLP uploaders.
 */
export class WindowBatcher<S extends SeriesBuilder> {
  private from: number;
  private seq = 0;
  /** pid → its series in the current window; the name is taken when the series starts (the process may be gone at the cut). */
  private current = new Map<number, WindowSeries<S>>();

  constructor(
    private readonly newSeries: (pid: number, windowStart: number) => S,
    private readonly identity: SeriesIdentity,
    start: number,
  ) {
    this.from = start;
  }

  /** Start of the current window (ms since the epoch). */
  get windowStart(): number {
    return this.from;
  }

  /** Records one trace of process `trace.pid` taken at `timeMs`. */
  add(trace: StackTrace, timeMs: number): void {
    let series = this.current.get(trace.pid);
    if (series === undefined) {
      const pid = trace.pid;
      series = { pid, serviceName: this.identity.serviceName(pid), process: this.identity.describe(pid), builder: this.newSeries(pid, this.from) };
      this.current.set(pid, series);
    }
    series.builder.add(trace, timeMs);
  }

  /** Ends the current window at `until` and starts the next there. Undefined when nothing was sampled. */
  cut(until: number): ProfileWindow<S> | undefined {
    const from = this.from;
    this.from = until;
    const all = this.current;
    this.current = new Map();
    const series = [...all.values()].filter((s) => s.builder.samples > 0);
    if (series.length === 0) return undefined;
    const samples = series.reduce((n, s) => n + s.builder.samples, 0);
    return { seq: ++this.seq, from, until, series, samples };
  }
}
