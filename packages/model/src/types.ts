/**
 * pyglass's data model: py-spy's StackTrace / Frame / Sample / Config in TypeScript idiom.
 * The sampler produces these; exporters, the CLI and any pure consumer depend on these types only.
 */

/** A local variable or argument of a frame (dump --locals). */
export interface LocalVariable {
  name: string;
  /** Address of the object in the target. */
  addr: number;
  /** True for function arguments. */
  arg: boolean;
  /** Bounded textual representation, when it could be read. */
  repr?: string | undefined;
}

export interface Frame {
  /** Function name (co_name; qualified names are not used, like py-spy). */
  name: string;
  /**
   * Full path of the source file as the target sees it. A native frame without source information
   * shows its library's file name here (its full path with `fullFilenames`), as py-spy does.
   */
  filename: string;
  /** Native frames only: the shared library's full path. */
  module?: string | undefined;
  /** Shortened filename for display (package part only), unless full filenames were asked for. */
  shortFilename?: string | undefined;
  /** Line number; 0 when unknown. */
  line: number;
  locals?: LocalVariable[] | undefined;
  /** True when this frame was entered from C (3.11+: an entry frame; always true before 3.11). */
  isEntry: boolean;
  /** True for the frame called from a shim / the outermost frame (py-spy semantics). */
  isShimEntry: boolean;
}

export interface ProcessInfo {
  pid: number;
  commandLine: string;
  parent?: ProcessInfo | undefined;
}

/** The greenlet a trace belongs to (with `greenlets`). */
export interface GreenletInfo {
  /** Address of the PyGreenlet object (id() in the target). */
  address: number;
  /** True for the greenlet its thread is running now (the thread's own frames). */
  running: boolean;
  /** True for a thread's main greenlet (the one the thread started in). */
  main: boolean;
  /** Type name, e.g. "greenlet.greenlet", "Greenlet", "Hub". */
  typeName: string;
}

/**
 * What a thread was doing when it was sampled: bit flags of {@link ThreadStates} in
 * `StackTrace.states`. A flag an interpreter cannot report is never set; which flags a process can
 * report at all is the sampler's `stateSupport` (same bits).
 */
export const ThreadStates = {
  /** The kernel reports the thread running on a CPU. */
  OnCpu: 1 << 0,
  /** The thread holds the GIL (free-threaded builds: it is attached to its interpreter). */
  HoldsGil: 1 << 1,
  /** The thread wants the GIL and does not have it. */
  WaitingForGil: 1 << 2,
  /** The garbage collector of the thread's interpreter is running. */
  GcCollecting: 1 << 3,
  /** An exception is being handled in the thread (an `except` or `finally` block is running). */
  HandlingException: 1 << 4,
  /** With native unwinding: the innermost frame is native code, not Python. */
  NativeCode: 1 << 5,
} as const;
export type ThreadStateName = keyof typeof ThreadStates;

/** The OpenTelemetry span a thread (or an asyncio task) was serving when sampled. */
export interface SpanRef {
  /** 128-bit trace id, 32 lowercase hex digits. */
  traceId: string;
  /** 64-bit span id, 16 lowercase hex digits. */
  spanId: string;
  /** The span's name, when the span records one (SDK spans do, NonRecordingSpan does not). */
  name?: string | undefined;
  /** The outermost span of this trace in this process (the local root), when it could be found. */
  localRoot?: { spanId: string; name?: string | undefined } | undefined;
}

export interface StackTrace {
  pid: number;
  /** Python thread id (the pthread id, threading.get_ident()). */
  threadId: number;
  threadName?: string | undefined;
  /** OS thread id (Linux tid), when known. */
  osThreadId?: number | undefined;
  /** False when the thread is idle (sleeping, waiting on I/O or a lock). */
  active: boolean;
  ownsGil: boolean;
  /** Innermost frame first. */
  frames: Frame[];
  /** Set in subprocess mode: which process this trace came from. */
  processInfo?: ProcessInfo | undefined;
  /** Id of the interpreter the thread state belongs to: 0 for the main one, else a sub-interpreter's. */
  interpreterId?: number | undefined;
  /**
   * With `greenlets`: the greenlet this stack belongs to. A thread's own trace names the greenlet it
   * runs; each suspended greenlet is a trace of its own (idle, same thread ids) with `running` false.
   */
  greenlet?: GreenletInfo | undefined;
  /** Bit flags of {@link ThreadStates}; undefined when the sampler did not read states. */
  states?: number | undefined;
  /** The active OpenTelemetry span of the thread (or of the asyncio task it runs), when read. */
  span?: SpanRef | undefined;
  /** With `--async`: the asyncio task the thread was running (or, for a suspended task's idle trace, that task). */
  asyncioTask?: AsyncioTaskRef | undefined;
}

/** An asyncio task a trace belongs to. */
export interface AsyncioTaskRef {
  /** Address of the Task object (id() in the target). */
  id: number;
  /** The task's name (`Task.get_name()`), when it could be read. */
  name?: string | undefined;
}

export interface SamplingError {
  pid: number;
  error: Error;
}

export interface Sample {
  traces: StackTrace[];
  samplingErrors?: SamplingError[] | undefined;
  /**
   * How late this sample was taken, in milliseconds to the microsecond (undefined when on time): a
   * capture stores whole microseconds, so a converted profile counts the same samples late.
   */
  late?: number | undefined;
  /** Wall-clock time the sample was taken (ms since the epoch). */
  time: number;
}

/** How the target is treated while a sample is read. */
export enum LockingStrategy {
  /** Read while the target runs: no pause, possibly inconsistent stacks. */
  NonBlocking = 'nonblocking',
  /** The caller has already paused the target. */
  AlreadyLocked = 'already-locked',
  /** Pause every thread for each sample (the default). */
  Lock = 'lock',
}

/** Which line number a frame reports. */
export enum LineNo {
  NoLine = 'none',
  /** The function's first line (--function). */
  First = 'first',
  /** The line being executed (default). */
  LastInstruction = 'last-instruction',
}

/** py-spy's Config, with its defaults (see `defaultConfig`). */
export interface Config {
  blocking: LockingStrategy;
  native: boolean;
  /** Samples per second. */
  samplingRate: number;
  /** Record duration in seconds; undefined = unlimited. */
  duration?: number | undefined;
  /** With asyncStacks: every suspended task adds an idle trace. */
  includeIdle: boolean;
  subprocesses: boolean;
  gilOnly: boolean;
  /** Also read every greenlet's stack (suspended greenlets become idle traces of their thread). */
  greenlets: boolean;
  /** Number of -l flags: 0 = no locals; the repr budget is 128 × this. */
  dumpLocals: number;
  fullFilenames: boolean;
  lineNo: LineNo;
  /** Also read every asyncio task (PythonSpy.asyncioTasks()): dump --async. */
  asyncio: boolean;
  /**
   * record/top --async (implies `asyncio`): traces of threads running a task carry the task's logical
   * stack; with includeIdle every suspended task adds an idle trace.
   */
  asyncStacks: boolean;
  /**
   * Read each thread's active OpenTelemetry span into `StackTrace.span` (and each suspended asyncio
   * task's, with `asyncStacks` and `includeIdle`) once the target has imported `opentelemetry.context`;
   * nothing is read before that.
   */
  otelSpans: boolean;
  /**
   * Read each thread's scheduler state from the kernel before each sample (one /proc read per
   * thread): `StackTrace.active`, and the OnCpu and (before 3.15) WaitingForGil bits of `states`.
   * Without it `active` is py-spy's guess from the stack alone (false when the innermost frame is a
   * known wait) and those bits are neither set nor in the sampler's `stateSupport`: for consumers
   * that keep idle threads and show no thread state (the exporters' `needsRunStates` decides).
   */
  runStates: boolean;
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    blocking: LockingStrategy.Lock,
    native: false,
    samplingRate: 100,
    duration: undefined,
    includeIdle: false,
    subprocesses: false,
    gilOnly: false,
    greenlets: false,
    dumpLocals: 0,
    fullFilenames: false,
    lineNo: LineNo.LastInstruction,
    asyncio: false,
    asyncStacks: false,
    otelSpans: true,
    runStates: true,
    ...overrides,
  };
}
