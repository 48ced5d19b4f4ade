import { PprofRecorder } from '@pyglass/exporters';
import type { StackTrace } from '@pyglass/model';
import type { ResolvedOptions } from './options.js';

/** One process's profile in a window. */
export interface SeriesProfile {
  pid: number;
  serviceName: string;
  /** Traces in this profile. */
  samples: number;
  /** The pprof Profile, encoded, not yet gzipped. */
  pprof: Uint8Array;
}

/** What was sampled from `from` (inclusive) to `until`, ms since the epoch; one series per process. */
export interface ProfileWindow {
  /** 1, 2, 3 … in the order the windows were cut. */
  seq: number;
  from: number;
  until: number;
  series: SeriesProfile[];
  /** Traces over all series. */
  samples: number;
}

/**
 * Collects traces into the current window, one pprof recorder per process (the exporters' pprof
 * encoder), and cuts windows on demand. Windows are contiguous: each starts where the last ended.
 */
export class WindowBatcher {
  private from: number;
  private seq = 0;
  /** pid → its series in the current window; the name is taken when the series starts (the process may be gone at the cut). */
  private recorders = new Map<number, { recorder: PprofRecorder; serviceName: string }>();

  constructor(
    private readonly options: Pick<ResolvedOptions, 'appName' | 'sampleRate' | 'wallTime' | 'threadLabels' | 'showLineNumbers' | 'lineNo'>,
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
    let series = this.recorders.get(trace.pid);
    if (series === undefined) {
      const recorder = new PprofRecorder(
        {
          sampleRate: this.options.sampleRate,
          showLineNumbers: this.options.showLineNumbers,
          lineNo: this.options.lineNo,
          includeThreadIds: false,
          includeIdle: this.options.wallTime,
          startTime: this.from,
        },
        { threadLabels: this.options.threadLabels },
      );
      const name = this.options.appName;
      series = { recorder, serviceName: typeof name === 'string' ? name : name(trace.pid) };
      this.recorders.set(trace.pid, series);
    }
    series.recorder.add(trace, timeMs);
  }

  /** Ends the current window at `until` and starts the next there. Undefined when nothing was sampled. */
  cut(until: number): ProfileWindow | undefined {
    const from = this.from;
    this.from = until;
    const recorders = this.recorders;
    this.recorders = new Map();
    const series: SeriesProfile[] = [];
    let samples = 0;
    for (const [pid, { recorder, serviceName }] of recorders) {
      if (recorder.samples === 0) continue;
      // the window, not first-to-last sample: Pyroscope places the profile by its time and duration
      const pprof = recorder.encode({ startMs: from, durationMs: until - from });
      series.push({ pid, serviceName, samples: recorder.samples, pprof });
      samples += recorder.samples;
    }
    if (series.length === 0) return undefined;
    return { seq: ++this.seq, from, until, series, samples };
  }
}
