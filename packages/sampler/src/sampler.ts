/**
 * Sampler: samples a process at `config.samplingRate` with exponentially distributed intervals
 * (mean 1/rate, like py-spy's timer, to avoid aliasing with periodic work), as an async iterable.
 */
import { processEnded, processImageId, setSchedulerSlice, setTimerSlack } from '@pyglass/memory-reader';
import { SamplingFailed } from './errors.js';
import { PythonSpy, type SpyStats } from './spy.js';
import { ProcessGroup } from './subprocess.js';
import { defaultConfig, type Config, type Sample } from './types.js';
import type { PythonVersion } from './attach/version.js';

/** An exponentially distributed interval with the given rate (per second), in milliseconds. */
export function exponentialInterval(rate: number, random: () => number = Math.random): number {
  return (-Math.log(1 - random()) / rate) * 1000;
}

export class Sampler implements AsyncIterable<Sample> {
  readonly pid: number;
  readonly config: Config;
  /** The target's version once attached (undefined in subprocess mode, like py-spy). */
  version: PythonVersion | undefined;
  private spy: PythonSpy | undefined;
  /** Subprocess mode: the target and its Python descendants. */
  private group: ProcessGroup | undefined;
  private stopped = false;
  private durationReached = false;
  private wake: (() => void) | undefined;
  private iterating = false;
  /** processImageId of the target when the spy attached (changes when it exec()s). */
  private imageId: string | undefined;
  /** When an exec() was first seen and the new image could not be attached yet. */
  private execSeenAt: number | undefined;
  private lastReattach = -Infinity;
  /** The spy's stats when the iteration ended (it is closed then). */
  private finalStats: SpyStats | undefined;

  constructor(pid: number, config: Partial<Config> = {}) {
    this.pid = pid;
    this.config = defaultConfig(config);
  }

  /** A sampler already attached to the process (PythonSpy.retry: 20 tries, 20 ms apart). */
  static async create(pid: number, config: Partial<Config> = {}): Promise<Sampler> {
    const s = new Sampler(pid, config);
    await s.attach();
    return s;
  }

  /** Attaches now (iteration does it otherwise). */
  async attach(): Promise<void> {
    if (this.config.subprocesses) {
      this.group ??= await ProcessGroup.attach(this.pid, this.config);
      return;
    }
    if (this.spy) return;
    this.imageId = imageIdOf(this.pid);
    this.spy = await PythonSpy.retry(this.pid, this.config, 20);
    this.version = this.spy.version;
  }

  /**
   * After a failed sample: when the target has exec()ed a new program since the spy attached (its
   * image changed), the spy reads addresses of the old image, so it is replaced by one attached to
   * the new image (Python exec()ing Python, a launcher script exec()ing the real program). True when
   * a new spy is attached; while the new interpreter is still starting, later failures try again.
   */
  private async reattachAfterExec(): Promise<'attached' | 'starting' | 'same'> {
    const id = imageIdOf(this.pid);
    if (id === undefined || id === this.imageId) return 'same';
    this.spy?.close();
    this.spy = undefined;
    const now = performance.now();
    this.execSeenAt ??= now;
    // past the start-up window (a program that is not Python): one try a second, not every sample
    if (now - this.execSeenAt >= EXEC_START_MS && now - this.lastReattach < 1000) return 'same';
    this.lastReattach = now;
    try {
      this.spy = await PythonSpy.retry(this.pid, this.config, 5);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      // not (yet) Python: the image id stays old, so the next failure tries again; for a while
      // that is the new interpreter starting, not an error
      return performance.now() - this.execSeenAt < EXEC_START_MS ? 'starting' : 'same';
    }
    this.imageId = id;
    this.execSeenAt = undefined;
    this.version = this.spy.version;
    return 'attached';
  }

  /**
   * The attached spy's diagnostics (PythonSpy.stats: pauses, torn reads read again, …), also after
   * the iteration ended; undefined in subprocess mode or before attaching.
   */
  stats(): SpyStats | undefined {
    return this.spy?.stats() ?? this.finalStats;
  }

  /** True once the iteration ended because `config.duration` passed (the one place the duration is honoured). */
  get durationEnded(): boolean {
    return this.durationReached;
  }

  /** The spy reading `pid` now (the target, or in subprocess mode one of its sampled descendants): its version, build, executable. */
  spyFor(pid: number): PythonSpy | undefined {
    if (this.group) return this.group.spyOf(pid);
    return this.spy?.pid === pid ? this.spy : undefined;
  }

  /**
   * The ThreadStates bits process `pid` (default: the target) can report in `StackTrace.states`, so
   * that an output can tell "not available" from "false"; undefined while it is not attached (in
   * subprocess mode, each process of the tree has its own).
   */
  stateSupport(pid: number = this.pid): number | undefined {
    if (this.group) return this.group.stateSupport(pid);
    return pid === this.pid ? this.spy?.stateSupport : undefined;
  }

  /** Ends the iteration (the pending sample wait is cut short). */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /**
   * Waits `ms` precisely: timers have a 1 ms granularity and oversleep by up to ~1 ms, which alone
   * would make a 1 kHz sampler late, so the bulk is slept on a timer (the event loop keeps running)
   * and the last stretch (≤ 2 ms) in a futex wait (Atomics.wait: no spinning, sub-ms precision).
   */
  private sleep(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    if (ms <= PRECISE_SLEEP_MS) {
      preciseWait(ms);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        preciseWait(deadline - performance.now());
        resolve();
      }, ms - PRECISE_SLEEP_MS);
      this.wake = () => { clearTimeout(t); this.wake = undefined; resolve(); };
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Sample> {
    if (this.iterating) throw new Error('Sampler: already being iterated');
    this.iterating = true;
    let previousSlack: number | undefined;
    let shortSlice = false;
    try {
      await this.attach();
      // Wake on time: 1 ns of timer slack (the default 50 µs overshoots every wait by ~80 µs), and
      // a short time slice so that a wake-up preempts a busy target's threads at once (EEVDF).
      previousSlack = setTimerSlack(1);
      shortSlice = setSchedulerSlice(SAMPLER_SLICE_NS);
      const rate = this.config.samplingRate > 0 ? this.config.samplingRate : 100;
      const start = performance.now();
      const end = this.config.duration !== undefined ? start + this.config.duration * 1000 : Infinity;
      let desired = 0;
      let lastTurn = performance.now();
      let failed: Sample | undefined;
      while (!this.stopped) {
        desired += exponentialInterval(rate);
        const elapsed = performance.now() - start;
        let late: number | undefined;
        if (desired > elapsed) {
          if (start + desired > end) {
            this.durationReached = true;
            break;
          }
          if (desired - elapsed > PRECISE_SLEEP_MS) lastTurn = performance.now();
          await this.sleep(desired - elapsed);
          if (this.stopped) break;
        } else {
          // whole microseconds (Sample.late): what a capture stores, exactly
          late = Math.round((elapsed - desired) * 1000) / 1000;
        }
        // Late samples and short waits resolve as microtasks: without a real event-loop turn now
        // and then, signals (Ctrl-C), timers and I/O of the caller would starve while we lag.
        if (performance.now() - lastTurn > EVENT_LOOP_TURN_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastTurn = performance.now();
          if (this.stopped) break;
        }
        if (performance.now() > end) {
          this.durationReached = true;
          break;
        }
        const time = Date.now();
        let sample: Sample;
        if (this.group) {
          const g = this.group.sample();
          if (!g.alive) break;
          yield { traces: g.traces, samplingErrors: g.errors, late, time };
          continue;
        }
        try {
          const spy = this.spy;
          if (!spy) throw new SamplingFailed(this.pid, 'the process exec()ed a program that is not (yet) a Python pyglass can read');
          const traces = spy.getStackTraces({ idleStacksUnused: !this.config.includeIdle });
          const torn = spy.asyncioError();
          sample = { traces, samplingErrors: torn ? [{ pid: this.pid, error: torn }] : undefined, late, time };
        } catch (e) {
          if (processEnded(this.pid)) {
            // the failed sample before this one caught the process tearing itself down, not an error
            failed = undefined;
            break;
          }
          if ((await this.reattachAfterExec()) !== 'same') {
            failed = undefined; // it failed because an exec() was under way
            continue;
          }
          sample = { traces: [], samplingErrors: [{ pid: this.pid, error: e as Error }], late, time };
        }
        if (failed) yield failed;
        failed = undefined;
        // A failed sample is reported one sample late: a read can fail while an exec() is under way,
        // before the new image shows, and the next sample then finds the exec instead.
        if (sample.samplingErrors && sample.traces.length === 0) failed = sample;
        else yield sample;
      }
      if (failed) yield failed;
    } finally {
      if (previousSlack !== undefined) setTimerSlack(previousSlack);
      if (shortSlice) setSchedulerSlice(0);
      this.iterating = false;
      this.finalStats = this.spy?.stats();
      this.spy?.close();
      this.spy = undefined;
      this.group?.close();
      this.group = undefined;
    }
  }
}

/** How long after an exec() failed samples count as the new interpreter starting, not as errors (ms). */
const EXEC_START_MS = 2000;
/** The time slice the sampling thread asks for (the kernel's minimum is 0.1 ms). */
const SAMPLER_SLICE_NS = 100_000;
/** Longest run of samples without letting the event loop turn (signals, timers, I/O). */
const EVENT_LOOP_TURN_MS = 20;
/** Waits shorter than this are done with Atomics.wait (blocking, precise) rather than a timer. */
const PRECISE_SLEEP_MS = 2;
const futexWord = new Int32Array(new SharedArrayBuffer(4));

function preciseWait(ms: number): void {
  if (ms > 0.02) Atomics.wait(futexWord, 0, 0, ms);
}

function imageIdOf(pid: number): string | undefined {
  try {
    return processImageId(pid);
  } catch (e) {
    if (e instanceof Error) return undefined; // gone: the sample loop ends on its own
    throw e;
  }
}
