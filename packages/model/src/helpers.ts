import type { Frame, ProcessInfo, StackTrace } from './types.js';

/** A thread's state as py-spy's `StackTrace::status_str` names it. */
export type ThreadStatus = 'idle' | 'active' | 'active+gil';

/**
 * py-spy's `StackTrace::status_str`: `idle` when the thread is not running, `active+gil` when it runs and
 * holds the GIL, else `active`. The free-threaded equivalent (3.13t+, no GIL): a thread "owns the GIL"
 * while it is attached to its interpreter (running Python, not detached in a sleep, I/O or lock wait),
 * so an attached running thread is `active+gil`, and several threads can be at once.
 */
export function statusStr(trace: Pick<StackTrace, 'active' | 'ownsGil'>): ThreadStatus {
  if (!trace.active) return 'idle';
  return trace.ownsGil ? 'active+gil' : 'active';
}

/** Options of {@link formatThreadId}. */
export interface ThreadIdFormat {
  /** The target's platform (a `process.platform` value); on `darwin` py-spy always prints the pthread id. */
  platform?: string | undefined;
}

/**
 * py-spy's `StackTrace::format_threadid`: the OS thread id in decimal when it is known, else `0x` and the
 * Python thread id (the pthread id) in uppercase hex; on macOS always the latter.
 */
export function formatThreadId(trace: Pick<StackTrace, 'threadId' | 'osThreadId'>, format: ThreadIdFormat = {}): string {
  if (trace.osThreadId !== undefined && format.platform !== 'darwin') return String(trace.osThreadId);
  return '0x' + trace.threadId.toString(16).toUpperCase();
}

/**
 * py-spy's `ProcessInfo::to_frame`: the synthetic frame `process PID:"cmdline"` that `--subprocesses`
 * puts at the root of a stack (no file, line 0).
 */
export function processInfoToFrame(info: Pick<ProcessInfo, 'pid' | 'commandLine'>): Frame {
  return {
    name: `process ${info.pid}:"${info.commandLine}"`,
    filename: '',
    module: undefined,
    shortFilename: undefined,
    line: 0,
    locals: undefined,
    isEntry: true,
    isShimEntry: true,
  };
}
