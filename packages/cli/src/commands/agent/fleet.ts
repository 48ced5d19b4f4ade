/**
 * The agent's sampling loop: one timer for every attached process (not one sampler each, so the
 * cost is bounded by one thread whatever the number of processes). A tick that comes too late is
 * skipped rather than made up, so a loaded host gets fewer samples, never a backlog.
 */
import { recordedTrace, type TraceFilter } from '@pyglass/exporters';
import { isGoneOrHidden, PermissionDenied, processEnvironment, processExists, ProcessNotFound, setTimerSlack, threadState } from '@pyglass/memory-reader';
import { sanitizeServiceName, unknownProcess, type ProcessDescription } from '@pyglass/pyroscope';
import { exponentialInterval, PythonSpy, type Config } from '@pyglass/sampler';
import { serviceNameFromCommandLine } from '../pyroscope-flags.js';
import type { AppNameSource } from './flags.js';
import { readProcessDescription } from '../../process-description.js';
import type { Uploads } from '../../uploads.js';
import type { Candidate } from './discovery.js';

interface Attached {
  spy: PythonSpy;
  serviceName: string;
  /** Read when attaching (the uploads ask per window; the process may be gone by then). */
  description: ProcessDescription;
}

/** Attach attempts per process before giving up on it (a process still starting up fails the first ones). */
const attachTries = 5;

export interface FleetStats {
  /** Processes attached over the whole run. */
  attached: number;
  /** Processes let go because they exited. */
  exited: number;
  samples: number;
  errors: number;
  /** Ticks skipped because the previous ones ran late. */
  skippedTicks: number;
  ticks: number;
}

export class Fleet {
  readonly stats: FleetStats = { attached: 0, exited: 0, samples: 0, errors: 0, skippedTicks: 0, ticks: 0 };
  private readonly spies = new Map<number, Attached>();
  /** pid → failed attach attempts so far. */
  private readonly failures = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: Partial<Config> & { samplingRate: number },
    /** Which traces are sent (--idle, --gil): the exporters' rule. */
    private readonly filter: TraceFilter,
    private readonly uploads: Uploads,
    private readonly naming: { fixed?: string | undefined; source: AppNameSource },
    private readonly log: (line: string) => void,
  ) {}

  /** Pids being profiled now. */
  get pids(): ReadonlySet<number> {
    return new Set(this.spies.keys());
  }

  /** Service name of an attached process (the uploader asks when a window starts its series). */
  serviceName(pid: number): string {
    return this.spies.get(pid)?.serviceName ?? 'python';
  }

  /** What is known of an attached process: executable, Python version, container, NSpid. */
  describe(pid: number): ProcessDescription {
    return this.spies.get(pid)?.description ?? unknownProcess;
  }

  /**
   * Tries to attach to new candidates for at most `budgetMs` (attaching is synchronous: a burst of
   * new processes must not stall the sampling of the others). Returns the pids that should not be
   * offered again, and whether some candidates were left for the next call.
   */
  attach(candidates: Candidate[], budgetMs: number): { giveUp: number[]; deferred: boolean } {
    const giveUp: number[] = [];
    const start = performance.now();
    for (const c of candidates) {
      if (this.stopped) break;
      if (performance.now() - start > budgetMs) return { giveUp, deferred: true };
      if (this.spies.has(c.pid)) continue;
      try {
        const spy = PythonSpy.create(c.pid, this.config);
        const serviceName = this.nameFor(c);
        const description = { ...readProcessDescription(c.pid, spy.version.string), commandLine: c.args };
        this.spies.set(c.pid, { spy, serviceName, description });
        this.failures.delete(c.pid);
        this.stats.attached++;
        const where = c.container !== undefined ? ` in container ${c.container.id.slice(0, 12)}${description.namespacePid !== undefined ? ` (pid ${description.namespacePid} there)` : ''}` : '';
        this.log(`profiling pid ${c.pid}${where} as '${serviceName}': ${truncate(c.commandLine)}`);
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        const tries = (this.failures.get(c.pid) ?? 0) + 1;
        this.failures.set(c.pid, tries);
        if (tries >= attachTries || !processExists(c.pid)) {
          this.failures.delete(c.pid);
          giveUp.push(c.pid);
          if (processExists(c.pid)) this.log(`not profiling pid ${c.pid} (${truncate(c.commandLine)}): ${error.message.split('\n')[0]}`);
        }
      }
    }
    return { giveUp, deferred: false };
  }

  private nameFor(c: Candidate): string {
    if (this.naming.fixed !== undefined) return this.naming.fixed;
    // a container's short id (12 characters, as `docker ps` shows it) or an nspawn machine's name
    if (this.naming.source.kind === 'container' && c.container !== undefined) return sanitizeServiceName(c.container.id.slice(0, 12));
    if (this.naming.source.kind === 'env') {
      try {
        const value = processEnvironment(c.pid).get(this.naming.source.variable);
        if (value !== undefined && value !== '') return sanitizeServiceName(value);
      } catch (error) {
        if (!(isGoneOrHidden(error))) throw error;
      }
    }
    return sanitizeServiceName(serviceNameFromCommandLine(c.args));
  }

  /** Samples every attached process at the configured rate until stop(). */
  start(): void {
    // wake on time: 1 ns of timer slack (see sampler.ts). Not the Sampler's short time slice: with
    // many targets it starved the agent (measured: 4 of 1,400 ticks at 50 processes, 200 without).
    setTimerSlack(1);
    const rate = this.config.samplingRate;
    const period = 1000 / rate;
    // exponentially distributed intervals (mean 1/rate), like the Sampler and py-spy: a fixed
    // period would alias with the targets' own periodic work
    let next = performance.now() + exponentialInterval(rate);
    const tick = () => {
      if (this.stopped) return;
      this.sampleAll(Date.now());
      this.stats.ticks++;
      next += exponentialInterval(rate);
      const now = performance.now();
      if (now - next > period) {
        // more than a tick behind: skip the ticks already past instead of running them back to back
        const missed = Math.floor((now - next) / period);
        this.stats.skippedTicks += missed;
        next = now;
      }
      this.timer = setTimeout(tick, Math.max(0, next - performance.now()));
    };
    this.timer = setTimeout(tick, Math.max(0, next - performance.now()));
  }

  private sampleAll(now: number): void {
    for (const [pid, attached] of this.spies) {
      let traces;
      try {
        traces = attached.spy.getStackTraces();
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        if (isGone(pid)) {
          this.release(pid, 'exited');
        } else {
          this.stats.errors++;
        }
        continue;
      }
      for (const sampled of traces) {
        const trace = recordedTrace(sampled, this.filter);
        if (trace === undefined) continue;
        this.uploads.add(trace, now);
        this.stats.samples++;
      }
    }
  }

  /** Lets go of processes that are no longer there (found by a scan). */
  releaseGone(): void {
    for (const pid of this.spies.keys()) if (isGone(pid)) this.release(pid, 'exited');
  }

  private release(pid: number, why: 'exited'): void {
    const attached = this.spies.get(pid);
    if (attached === undefined) return;
    this.spies.delete(pid);
    attached.spy.close();
    this.stats.exited++;
    this.log(`pid ${pid} ('${attached.serviceName}') ${why}; no longer profiled.`);
  }

  /** Stops sampling and detaches from everything. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const attached of this.spies.values()) attached.spy.close();
    this.spies.clear();
  }
}

/** Exited: no longer listed, or a zombie waiting for its parent. */
function isGone(pid: number): boolean {
  if (!processExists(pid)) return true;
  try {
    const state = threadState(pid, pid);
    return state === 'Z' || state === 'X';
  } catch (error) {
    if (error instanceof ProcessNotFound) return true;
    if (error instanceof PermissionDenied) return false;
    throw error;
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
