/**
 * PythonSpy: attaches to one process and reads every thread's Python stack (py-spy's PythonSpy).
 */
import { type ClosableProcessMemory, isGoneOrHidden, listThreads, lockProcess, openProcessMemory, processCwd, processExists, type ProcessLock, processRoot, threadExists, ThreadStateReader, ThreadSyscallReader } from '@pyglass/memory-reader';
import { AsyncStacks } from './asyncio/logical.js';
import { AsyncioReader } from './asyncio/tasks.js';
import { AsyncioTasksChanged, type AsyncioSnapshot } from './asyncio/types.js';
import { isFinalAttachError, isTargetError, SamplingFailed } from './errors.js';
import { cachedShortFilename } from './decode/filenames.js';
import { locateInterpreter, type InterpreterLocation } from './attach/locate.js';
import { GreenletReader, GreenletsUnavailable, withGreenlets, type GreenletStack } from './greenlets/greenlets.js';
import { NativeStacks, NativeStacksUnavailable, type NativeCapture } from './native/stacks.js';
import { createReaders, validationWalk, type ReaderOptions, type TargetReaders } from './attach/readers.js';
import type { ObjectReader } from './objects/objects.js';
import type { PageCache } from './memory/pagecache.js';
import type { RawRead, RawThread, StackReader } from './read/stack-reader.js';
import { StackChanged } from './read/walkers/walker.js';
import { OtelSpans } from './otel/thread-spans.js';
import { StackTraces } from './decode/stack-traces.js';
import { ThreadStateFlags } from './read/thread-states.js';
import { MAX_TORN_RETRIES, runTimeBefore, tornThread, waitUntilRan } from './read/torn.js';
import { GLIBC_PTHREAD_TID_OFFSET, OsThreadIds } from './read/os-thread-ids.js';
import { defaultConfig, LockingStrategy, ThreadStates, type Config, type Frame, type SpanRef, type StackTrace } from './types.js';
import { nativeWithoutPause } from './config-rules.js';
import type { PythonVersion } from './attach/version.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** tid → running ('R') for every thread of `pid`; empty when the process is gone (the walk reports it). */
function readRunStates(pid: number, states: ThreadStateReader): Map<number, boolean> {
  const running = new Map<number, boolean>();
  for (const tid of threadsOf(pid)) running.set(tid, states.isRunning(tid));
  return running;
}

/** The OS threads of `pid`; none when it is gone or hidden (the stack read that follows says which). */
function threadsOf(pid: number): number[] {
  try {
    return listThreads(pid);
  } catch (e) {
    if (isGoneOrHidden(e)) return [];
    throw e;
  }
}

/** True when a thread of `states` (tid → running) is on a CPU. */
function anyRunning(states: Map<number, boolean>): boolean {
  for (const running of states.values()) if (running) return true;
  return false;
}

/**
 * True when every OS thread of `pid` is one we know (`known`: thread id → tid, from the last sample)
 * and was read as not running ('R') before this sample: a new thread or a running one needs a read.
 */
function allAsleep(pid: number, before: Map<number, boolean>, known: Map<number, number>): boolean {
  if (known.size === 0 || before.size !== known.size) return false;
  for (const running of before.values()) if (running) return false;
  let tids: number[];
  try {
    tids = listThreads(pid);
  } catch (e) {
    if (!(isGoneOrHidden(e))) throw e;
    return false; // gone: the read reports it
  }
  if (tids.length !== known.size) return false;
  for (const tid of tids) if (before.get(tid) !== false) return false;
  return true;
}

/** The flags that describe what a thread does right now: a reused trace of a sleeping thread has none of them. */
const RUNNING_STATES = ThreadStates.OnCpu | ThreadStates.HoldsGil | ThreadStates.WaitingForGil;

/** py-spy's name-based idle heuristic (§5 step 6), applied to the innermost frame. */
export function looksIdle(frame: Frame | undefined): boolean {
  if (!frame) return false;
  const { name, filename } = frame;
  if (name === 'wait') return filename.endsWith('threading.py');
  if (name === 'select') return filename.endsWith('selectors.py');
  if (name === 'poll') {
    return filename.endsWith('asyncore.py') || filename.includes('zmq') || filename.includes('gevent') || filename.includes('tornado');
  }
  return false;
}

/** A sample between its steps (PythonSpy.beginSample → readPaused → finishSample). */
export interface PendingSample {
  /** tid → on a CPU, read before the pause. */
  before: Map<number, boolean>;
  read?: RawRead;
  /** ThreadStates flags read from memory, parallel to `read.threads`. */
  rawStates: number[];
  spans?: Array<SpanRef | undefined>;
  greenlets?: GreenletStack[];
  /** Decoded while paused (with locals). */
  raw?: RawThread[];
}

/** PythonSpy.stats(): a spy's diagnostics since it attached. */
export interface SpyStats {
  syscalls: number;
  pages: number;
  codeObjects: number;
  pauses: number;
  pauseMsTotal: number;
  pauseMsMax: number;
  tornRetries: number;
}

export class PythonSpy {
  readonly pid: number;
  readonly config: Config;
  readonly version: PythonVersion;
  /** The executable as the target sees it (its exe link). */
  readonly executable: string;
  readonly location: InterpreterLocation;
  private readonly mem: ClosableProcessMemory;
  private readonly reader: StackReader;
  private readonly memory: PageCache;
  private readonly objects: ObjectReader;
  private readonly traces: StackTraces;
  private readonly threadStates: ThreadStateReader;
  /** The flags of StackTrace.states read from memory, and which of them this interpreter has. */
  private readonly flags: ThreadStateFlags;
  /** Set when WaitingForGil is told by the futex a thread sleeps on (before 3.15). */
  private readonly syscalls: ThreadSyscallReader | undefined;
  /** tid → futex address of the threads that slept in futex(2) before this sample's pause. */
  private readonly futexes = new Map<number, number>();
  /**
   * The `ThreadStates` bits this process can report in `StackTrace.states` (a bit that is not here is
   * never set: "not available", not "false").
   */
  readonly stateSupport: number;
  /** threadId → OS tid, from the last sample (their states are read before the next lock). */
  private knownTids = new Map<number, number>();
  private readonly osTids: OsThreadIds;
  private listAllThreads = true;
  /** Idle states read by create() before it paused the target (used by the first sample). */
  private initialRunStates: Map<number, boolean> | undefined;
  /** Set with config.native: the native unwinder and merge state. */
  private readonly native: NativeStacks | undefined;
  private readonly nativeCaptures = new Map<number, NativeCapture | undefined>();
  /** Set with config.greenlets. */
  private readonly greenlets: GreenletReader | undefined;
  /** Why the last sample has no greenlets, when reading them failed (with config.greenlets). */
  greenletsError: GreenletsUnavailable | undefined;
  /** The last sample read from the target (reused while every thread sleeps; see allAsleep). */
  private lastTraces: StackTrace[] | undefined;
  private closed = false;
  /** Set with config.asyncio: reads the task graph in the same pause as the stacks. */
  private readonly asyncio: AsyncioReader | undefined;
  /** Set with config.asyncStacks: record/top's logical task stacks. */
  readonly asyncStacks: AsyncStacks | undefined;
  private lastAsyncio: AsyncioSnapshot | undefined;
  /** Set with config.otelSpans: each thread's active OpenTelemetry span, read in the same pause. */
  readonly otelSpans: OtelSpans | undefined;
  /** Blocking mode: the last pause (lock → resume) in milliseconds; totals in stats(). */
  lastPauseMs = 0;
  private pauses = 0;
  private pauseMsTotal = 0;
  private pauseMsMax = 0;
  /** Blocking mode: reads done again because a thread's frame chain was torn (see torn.ts). */
  private tornRetries = 0;

  private constructor(pid: number, config: Config, mem: ClosableProcessMemory, location: InterpreterLocation, readers: TargetReaders) {
    this.pid = pid;
    this.config = config;
    this.mem = mem;
    this.location = location;
    this.reader = readers.stacks;
    this.memory = readers.memory;
    this.objects = readers.objects;
    this.traces = new StackTraces(pid, this.reader, this.objects, location.layout);
    this.version = location.version;
    this.executable = location.executable;
    this.threadStates = new ThreadStateReader(pid);
    this.osTids = new OsThreadIds(location.layout.thread_state.native_thread_id !== undefined, (tid) => threadExists(pid, tid));
    const syscalls = new ThreadSyscallReader(pid);
    // the futex a thread sleeps on is read only for threads the run states say are off a CPU
    this.flags = new ThreadStateFlags(this.memory, location, { kernelView: config.runStates && syscalls.readable(pid), native: config.native });
    this.reader.addGilBatch(this.flags);
    this.stateSupport = config.runStates ? this.flags.support : this.flags.support & ~ThreadStates.OnCpu;
    if (this.flags.needsFutexes) this.syscalls = syscalls;
    else syscalls.close();
    if (config.native) this.native = new NativeStacks(pid, mem, location, config.fullFilenames);
    if (config.asyncio || config.asyncStacks) this.asyncio = new AsyncioReader({ pid, frames: readers.frames, untag: readers.untag, memory: this.memory, objects: this.objects, layout: location.layout, interp: location.interp, freeThreaded: location.freeThreaded });
    if (config.asyncStacks && this.asyncio) this.asyncStacks = new AsyncStacks(this.asyncio, config.includeIdle);
    if (config.greenlets) this.greenlets = this.greenletReader();
    if (config.otelSpans) this.otelSpans = new OtelSpans(this.objects, location.layout, location.interp);
  }

  private greenletReader(): GreenletReader {
    const L = this.location.layout;
    if (this.location.freeThreaded) throw new GreenletsUnavailable(this.pid, 'free-threaded builds are not supported');
    const opts = { lineNo: this.config.lineNo, gilOnly: false, dumpLocals: this.config.dumpLocals };
    return new GreenletReader(this.pid, this.memory, this.objects, {
      obType: L.pyobject.ob_type, tpFlags: L.type_object.tp_flags,
      // PyFrameObject.f_frame (3.11+): after PyObject_HEAD and f_back
      fFrame: L.frames === 'interpreter-frame' ? 24 : undefined,
      interp: this.location.interp, interpSize: L.interpreter_state.size,
    }, (start) => this.reader.readChain(start, opts));
  }

  /**
   * Attaches to `pid`. Throws NotPythonProcess, UnsupportedPythonVersion, InterpreterNotFound,
   * ProcessNotFound or PermissionDenied.
   */
  static create(pid: number, config: Partial<Config> = {}): PythonSpy {
    const cfg = defaultConfig(config);
    if (nativeWithoutPause(cfg)) throw new NativeStacksUnavailable('the process must be paused (nonblocking mode cannot unwind native stacks)');
    const mem = openProcessMemory(pid);
    const readerOptions: ReaderOptions = {
      shortFilename: cachedShortFilename(cfg.fullFilenames, processRoot(pid), processCwd(pid)),
      pthreadTidOffset: GLIBC_PTHREAD_TID_OFFSET,
      // the slow path the code-object cache must match, for tests and debugging
      codeCache: process.env['PYGLASS_NO_CODE_CACHE'] !== '1',
    };
    try {
      let readers: TargetReaders | undefined;
      let runStates: Map<number, boolean> | undefined;
      const walks = (r: TargetReaders): boolean => {
        const threads = validationWalk(r.stacks);
        // a stack that changed under a nonblocking read still proves the structures are right
        return threads !== undefined && !threads.some((t) => t.error && !(t.error instanceof StackChanged));
      };
      const location = locateInterpreter(pid, mem, (loc) => {
        // Deeper validation: a complete stack walk of every thread must succeed.
        const r = createReaders(mem, loc, readerOptions);
        if (!walks(r)) {
          // A busy target can fail a walk with a torn read: in blocking mode, walk again paused.
          if (cfg.blocking !== LockingStrategy.Lock) return false;
          // Pausing interrupts sleeping threads' system calls and they look running for a moment
          // after, so the first sample's idle states are the ones read before this pause.
          if (cfg.runStates) runStates ??= readRunStates(pid, new ThreadStateReader(pid));
          // cannot pause it (another tracer, no permission): that is the answer, not a bad candidate
          const lock = lockProcess(pid);
          let ok: boolean;
          try {
            ok = walks(r);
          } finally {
            lock.unlock();
          }
          if (!ok) return false;
        }
        readers = r;
        return true;
      });
      const spy = new PythonSpy(pid, cfg, mem, location, readers!);
      spy.initialRunStates = runStates;
      // the GC lists are located paused, the first walk is done now, before any sample is timed
      // (it can take a second on a big heap)
      if (spy.greenlets) {
        if (cfg.blocking === LockingStrategy.Lock) spy.locateGreenlets();
        spy.refreshGreenlets();
      }
      return spy;
    } catch (e) {
      mem.close();
      throw e;
    }
  }

  /** create() + one getStackTraces() must both succeed; up to `maxRetries` tries, 20 ms apart. */
  static async retry(pid: number, config: Partial<Config> = {}, maxRetries = 20): Promise<PythonSpy> {
    let last: unknown;
    for (let i = 0; i < Math.max(1, maxRetries); i++) {
      let spy: PythonSpy | undefined;
      try {
        spy = PythonSpy.create(pid, config);
        try {
          spy.getStackTraces();
        } catch (e) {
          // a busy target's stack changing under a nonblocking read is not an attach failure
          if (!(e instanceof SamplingFailed && e.cause instanceof StackChanged)) throw e;
        }
        return spy;
      } catch (e) {
        spy?.close();
        last = e;
        if (isFinalAttachError(e)) throw e;
        if (!processExists(pid)) throw e;
      }
      await sleep(20);
    }
    throw last;
  }

  /**
   * Every thread's stack, innermost frame first. With `idleStacksUnused` (a sampler whose consumer
   * drops idle traces), a process whose threads all sleep is not paused: the last sample's traces
   * come back marked idle, their frames possibly older than this sample.
   */
  getStackTraces(options: { idleStacksUnused?: boolean } = {}): StackTrace[] {
    const pending = this.beginSample(options);
    if (Array.isArray(pending)) return pending;
    // Blocking: pause, copy everything in a few batched reads, resume, then decode (the pause covers
    // the reads only; locals are decoded under the pause, they change as soon as the target runs).
    // AlreadyLocked: the caller holds the target paused, so the reads are consistent and there is
    // nothing to resume. NonBlocking: read while it runs.
    let lock: ProcessLock | undefined;
    try {
      let pausedAt = performance.now();
      if (this.config.blocking === LockingStrategy.Lock) lock = lockProcess(this.pid);
      let whole = this.readPaused(pending, lock !== undefined);
      // A thread paused in the middle of pushing or popping a frame reads torn: resume the target
      // until that thread has run a little, and read again (bounded; then the sample fails).
      for (let retry = 0; lock && !whole && retry < MAX_TORN_RETRIES; retry++) {
        const torn = tornThread(pending.read!.threads)!;
        const before = runTimeBefore(this.pid, torn);
        this.resume(lock, pausedAt);
        lock = undefined;
        this.tornRetries++;
        waitUntilRan(this.pid, torn, before, retry);
        pausedAt = performance.now();
        lock = lockProcess(this.pid);
        whole = this.readPaused(pending, true);
      }
      if (lock) {
        this.resume(lock, pausedAt);
        lock = undefined;
      }
    } catch (e) {
      throw this.wrap(e);
    } finally {
      lock?.unlock();
    }
    return this.finishSample(pending);
  }

  /**
   * A sample's first step, while the target runs: the idle state of every thread (a paused thread
   * always looks idle) and the futexes sleeping threads wait on. Returns the traces themselves when
   * the target need not be read (see `idleStacksUnused` at getStackTraces).
   */
  beginSample(options: { idleStacksUnused?: boolean } = {}): PendingSample | StackTrace[] {
    if (this.closed) throw new SamplingFailed(this.pid, 'the spy is closed');
    const cfg = this.config;
    // Idle state of the threads we know, read before pausing (a paused thread always looks idle).
    // (With gilOnly too: it gives StackTrace.states its OnCpu bit.)
    const before = new Map<number, boolean>();
    if (!cfg.runStates) {
      // not read (Config.runStates): every thread's trace is active unless its stack looks idle
    } else if (this.initialRunStates) {
      for (const [tid, running] of this.initialRunStates) before.set(tid, running);
      this.initialRunStates = undefined;
    } else if (this.listAllThreads) {
      // First sample, or a thread appeared whose tid we did not know: every OS thread, like py-spy.
      for (const tid of threadsOf(this.pid)) before.set(tid, this.threadStates.isRunning(tid));
    } else {
      for (const tid of this.knownTids.values()) before.set(tid, this.threadStates.isRunning(tid));
    }
    // Before 3.15, waiting for the GIL is the kernel's view: which futex each sleeping thread is in
    // (a thread on a CPU waits for nothing, nor does a lone thread, nor anyone while no thread runs
    // to hold the GIL; pausing would interrupt the wait, so it is read now).
    this.futexes.clear();
    if (this.syscalls && before.size > 1 && anyRunning(before)) {
      for (const [tid, running] of before) {
        if (running) continue;
        const futex = this.syscalls.futexAddress(tid);
        if (futex !== undefined) this.futexes.set(tid, futex);
      }
    }

    // Every thread asleep and idle stacks not used: nothing this sample could show, so the target
    // is not paused (a tree of 100 mostly idle processes at 100 Hz); its threads keep their last
    // stacks, reported idle, so thread and process counts stay right.
    if (options.idleStacksUnused && this.lastTraces && !cfg.includeIdle && !cfg.gilOnly && !this.asyncio && allAsleep(this.pid, before, this.knownTids)) {
      return this.lastTraces.map((t) => (t.active || ((t.states ?? 0) & RUNNING_STATES) !== 0
        ? { ...t, active: false, ownsGil: false, states: (t.states ?? 0) & ~RUNNING_STATES }
        : t));
    }

    if (this.greenlets && !this.greenlets.walkWhilePaused) this.refreshGreenlets();
    return { before, rawStates: [] };
  }

  /**
   * A sample's reads (the caller holds the target stopped when `paused`; else it runs): every thread's
   * frame chain, then — when no chain was caught torn, mid-push or mid-pop — whatever else must be
   * read in the same instant (states, native stacks, spans, tasks, greenlets, locals). False when a
   * chain was torn: read again after the thread ran a little (`getStackTraces` alone does that).
   */
  readPaused(pending: PendingSample, paused: boolean): boolean {
    try {
      return this.readAll(pending, paused);
    } catch (e) {
      throw this.wrap(e);
    }
  }

  private readAll(pending: PendingSample, paused: boolean): boolean {
    const cfg = this.config;
    const opts = { lineNo: cfg.lineNo, gilOnly: cfg.gilOnly, dumpLocals: cfg.dumpLocals };
    const rawRead = (pending.read = this.reader.readRaw(opts));
    if (paused && tornThread(rawRead.threads)) return false;
    // the flags read from memory, while it is consistent (parallel to rawRead.threads)
    pending.rawStates = rawRead.threads.map((t) => this.flags.of(t.tstate, t.interpreterId, t.ownsGil));
    if (this.native) this.captureNative(rawRead.threads);
    if (this.otelSpans) pending.spans = this.otelSpans.read(rawRead);
    if (this.asyncStacks) this.lastAsyncio = this.asyncStacks.read(rawRead, cfg.lineNo);
    else if (this.asyncio) this.lastAsyncio = this.asyncio.read(rawRead, cfg.lineNo, cfg.dumpLocals);
    // suspended tasks keep their own context: with --async --idle each one's trace carries its span
    if (this.otelSpans && this.lastAsyncio && (cfg.includeIdle || cfg.asyncio)) this.otelSpans.labelTasks(this.lastAsyncio.tasks);
    if (this.greenlets) {
      if (this.greenlets.walkWhilePaused) this.refreshGreenlets(true);
      pending.greenlets = this.readGreenlets(rawRead.threads);
    }
    // locals are decoded under the pause: they change as soon as the target runs
    if (paused && cfg.dumpLocals > 0) pending.raw = this.reader.decode(rawRead, opts);
    return true;
  }

  /** A group's pause of this process (lock request → resume), counted in stats(). */
  countPause(ms: number): void {
    this.lastPauseMs = ms;
    this.pauses++;
    this.pauseMsTotal += ms;
    if (ms > this.pauseMsMax) this.pauseMsMax = ms;
  }

  /** A sample's last step, once the target runs again: the frames decoded, the traces built. */
  finishSample(pending: PendingSample): StackTrace[] {
    const cfg = this.config;
    const { before, rawStates, spans, greenlets } = pending;
    let raw: RawThread[];
    try {
      raw = pending.raw ?? this.reader.decode(pending.read!, { lineNo: cfg.lineNo, gilOnly: cfg.gilOnly, dumpLocals: cfg.dumpLocals });
    } catch (e) {
      throw this.wrap(e);
    }
    const failed = raw.find((t) => t.error);
    if (failed) throw this.wrap(failed.error);

    this.traces.nameThreads(raw);
    const tids = new Map<number, number>();
    const traces: StackTrace[] = [];
    let unknownTid = false;
    for (const [i, t] of raw.entries()) {
      const os = this.osTid(t);
      if (os !== undefined) tids.set(t.threadId, os);
      let running = false;
      if (!cfg.runStates) {
        // nothing to pre-read, so no tid is unknown
      } else if (os !== undefined) {
        const b = before.get(os);
        if (b === undefined) unknownTid = true;
        running = b ?? this.threadStates.isRunning(os);
      } else unknownTid = true;
      // py-spy: with gilOnly every kept thread is active; a thread whose tid or run state is unknown too
      let active = cfg.gilOnly || os === undefined || !cfg.runStates ? true : running;
      if (active && looksIdle(t.frames[0])) active = false;
      let states = rawStates[i] ?? (t.ownsGil ? ThreadStates.HoldsGil : 0);
      if (running) states |= ThreadStates.OnCpu;
      if (os !== undefined && (states & ThreadStates.HoldsGil) === 0) {
        const futex = this.futexes.get(os);
        if (futex !== undefined && this.flags.isGilWait(futex)) states |= ThreadStates.WaitingForGil;
      }
      // waiting in a call into another interpreter: the OS thread runs there (counted once, there)
      if (t.nested) {
        active = false;
        states &= ~ThreadStates.OnCpu;
      }
      const frames = this.native ? this.mergeNative(t, os) : t.frames;
      if (this.native && frames[0]?.module !== undefined) states |= ThreadStates.NativeCode;
      traces.push(this.traces.of(t, os, active, frames, states, spans?.[i]));
    }
    this.knownTids = tids;
    this.lastTraces = traces;
    // Re-list the OS threads next time only when this sample met a thread whose tid was not pre-read.
    this.listAllThreads = unknownTid && !this.noTidsPossible();
    this.threadStates.retain(tids.values());
    this.syscalls?.retain(tids.values());
    this.native?.retain(tids);
    const all = greenlets ? withGreenlets(traces, greenlets) : traces;
    return this.asyncStacks ? this.asyncStacks.traces(all, this.lastAsyncio) : all;
  }

  /** Resumes a blocking sample's target and counts the pause (from the lock request at `pausedAt`). */
  private resume(lock: ProcessLock, pausedAt: number): void {
    lock.unlock();
    this.countPause(performance.now() - pausedAt);
  }

  /** With config.asyncio: every asyncio task as of the last getStackTraces(). */
  asyncioTasks(): AsyncioSnapshot | undefined {
    return this.lastAsyncio;
  }

  /** The last sample's torn asyncio reads as a sampling error (tasks left out of it), if any. */
  asyncioError(): AsyncioTasksChanged | undefined {
    const n = this.lastAsyncio?.unreadable ?? 0;
    return n > 0 ? new AsyncioTasksChanged(this.pid, n) : undefined;
  }

  private locateGreenlets(): void {
    const lock = lockProcess(this.pid);
    try {
      this.greenlets!.locate();
    } catch (e) {
      if (!(e instanceof GreenletsUnavailable)) throw e;
      this.greenletsError = e;
    } finally {
      lock.unlock();
    }
  }

  /** The greenlets' GC walk when due, or now with `force` (greenletsError set when it cannot be done). */
  private refreshGreenlets(force = false): void {
    try {
      this.greenlets!.refresh(force);
      this.greenletsError = undefined;
    } catch (e) {
      if (!(e instanceof GreenletsUnavailable)) throw e;
      this.greenletsError = e;
    }
  }

  /** While locked: every greenlet's stack (none when they cannot be read). */
  private readGreenlets(raw: RawThread[]): GreenletStack[] {
    if (this.greenletsError) return [];
    return this.greenlets!.read(raw.map((t) => ({ threadId: t.threadId, osThreadId: this.osTid(t) })));
  }

  /** While locked: the native pcs of every thread whose OS tid is known. */
  private captureNative(raw: RawThread[]): void {
    this.nativeCaptures.clear();
    for (const t of raw) {
      const os = t.error ? undefined : this.osTid(t);
      if (os !== undefined) this.nativeCaptures.set(os, this.native!.capture(os, t.tstate, this.memory));
    }
  }

  private mergeNative(t: RawThread, os: number | undefined): Frame[] {
    const c = os === undefined ? undefined : this.nativeCaptures.get(os);
    return c && c.pcs.length ? this.native!.merge(c, t.frames) : t.frames;
  }

  /**
   * Diagnostics: reads issued, code objects cached, and (blocking) how long the target was paused:
   * count, total and longest pause in milliseconds, from the lock request to the resume; and how
   * many reads were done again because a thread was paused mid-push or mid-pop (`tornRetries`).
   */
  stats(): SpyStats {
    return { ...this.reader.stats(), pauses: this.pauses, pauseMsTotal: this.pauseMsTotal, pauseMsMax: this.pauseMsMax, tornRetries: this.tornRetries };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.threadStates.close();
    this.syscalls?.close();
    this.mem.close();
  }

  private wrap(e: unknown): Error {
    if (isTargetError(e)) return e as Error;
    return new SamplingFailed(this.pid, e instanceof Error ? e.message : String(e), e);
  }

  /** True when thread ids cannot be known (so re-listing would not help). */
  private noTidsPossible(): boolean {
    return this.knownTids.size === 0 && !this.osTids.anyKnowable;
  }

  private osTid(t: RawThread): number | undefined {
    return this.osTids.of(t);
  }
}
