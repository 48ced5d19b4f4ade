/** Typed errors thrown by memory-reader. Every message is one line: what failed, why, what to try. */
import { brandErrors } from './gen/brand.js';

/** A failed system call reported by Node (ENOENT, EACCES, ESRCH, EBADF …), as opposed to a bug. */
export function isSystemError(e: unknown): boolean {
  return typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** Base class of every error memory-reader throws. */
export class MemoryReaderError extends Error {
  override name = 'MemoryReaderError';
  /** The target process id, when known. */
  readonly pid: number | undefined;
  /** The errno the failing system call reported, when there was one. */
  readonly errno: number | undefined;
  constructor(message: string, pid?: number, errno?: number) {
    super(message);
    this.pid = pid;
    this.errno = errno;
  }
}

/** The pid did not name a process when it was opened. */
export class ProcessNotFound extends MemoryReaderError {
  override name = 'ProcessNotFound';
  constructor(pid: number, errno?: number) {
    super(`Process ${pid} not found: no such process (check the pid; it may already have exited)`, pid, errno);
  }
}

/** The process existed but has exited since (ESRCH on a later read or ptrace call). */
export class ProcessExited extends MemoryReaderError {
  override name = 'ProcessExited';
  constructor(pid: number, errno?: number) {
    super(`Process ${pid} has exited: it can no longer be read`, pid, errno);
  }
}

/**
 * EPERM/EACCES: the kernel refused access to the target. `why` is the cause found and what to try
 * (linux/classify.ts's permissionDenied diagnoses it); without one, the usual fix for an unprivileged user.
 */
export class PermissionDenied extends MemoryReaderError {
  override name = 'PermissionDenied';
  constructor(pid: number, errno?: number, what = 'reading', why = 'run as root or grant CAP_SYS_PTRACE (inside Docker add --cap-add SYS_PTRACE)') {
    super(`Permission denied ${what} process ${pid}: ${why}`, pid, errno);
  }
}

/**
 * EPERM from ptrace because another tracer (gdb, strace, another profiler) already holds the
 * target: being root does not help, so say who holds it.
 */
export class AlreadyTraced extends PermissionDenied {
  override name = 'AlreadyTraced';
  readonly tracerPid: number;
  constructor(pid: number, tracerPid: number, tracerName: string, errno?: number) {
    super(pid, errno, 'pausing');
    this.tracerPid = tracerPid;
    this.message = `Process ${pid} is already being traced by process ${tracerPid}${tracerName ? ` (${tracerName})` : ''}: only one debugger or profiler can pause it at a time; stop that one, or use --nonblocking`;
  }
}

/** EFAULT/EIO or a short read: the range is not (entirely) mapped in the target. */
export class BadAddress extends MemoryReaderError {
  override name = 'BadAddress';
  readonly address: number;
  readonly length: number;
  constructor(pid: number, address: number, length: number, errno?: number) {
    super(
      `Bad address reading process ${pid}: 0x${address.toString(16)} (${length} bytes) is not mapped or not readable in the target`,
      pid,
      errno,
    );
    this.address = address;
    this.length = length;
  }
}

/**
 * The pid names a process that can never be profiled (a kernel thread, a zombie). Not worth a
 * retry: the answer will not change.
 */
export class ProcessNotSamplable extends MemoryReaderError {
  override name = 'ProcessNotSamplable';
}

/** The pid is a kernel thread (e.g. 2, kthreadd): no executable, no user memory, no Python. */
export class KernelThread extends ProcessNotSamplable {
  override name = 'KernelThread';
  constructor(pid: number, comm: string) {
    super(`Process ${pid} (${comm}) is a kernel thread: it has no executable and runs no Python; give the pid of a Python process`, pid);
  }
}

/** The process has exited and waits for its parent to collect its status: nothing is left to read. */
export class ZombieProcess extends ProcessNotSamplable {
  override name = 'ZombieProcess';
  constructor(pid: number, comm: string, ppid: number) {
    super(`Process ${pid} (${comm}) is a zombie: it has exited and only waits for its parent (pid ${ppid}) to collect its exit status; there is no Python left to read`, pid);
  }
}

/**
 * The process belongs to another user and we are neither root nor hold CAP_SYS_PTRACE. Kept a
 * PermissionDenied (same `name`) so callers that treat permission errors alike still do.
 */
export class OtherUsersProcess extends PermissionDenied {
  readonly ownerUid: number;
  constructor(pid: number, ownerUid: number, ownerName: string | undefined, ourUid: number, errno?: number, what = 'reading') {
    super(pid, errno, what);
    this.ownerUid = ownerUid;
    const owner = ownerName ? `${ownerName} (uid ${ownerUid})` : `uid ${ownerUid}`;
    this.message = `Permission denied ${what} process ${pid}: it belongs to user ${owner} and pyglass runs as uid ${ourUid} without CAP_SYS_PTRACE: run as root or grant CAP_SYS_PTRACE, or run pyglass as that user`;
  }
}

/**
 * No process has this pid in our pid namespace, and we cannot see every process: pyglass runs in
 * a container (a nested pid namespace) or /proc hides other users' processes (hidepid). Kept a
 * ProcessNotFound (same `name`) for callers that treat a missing process alike.
 */
export class PidNotVisible extends ProcessNotFound {
  constructor(pid: number, why: string) {
    super(pid);
    this.message = `Process ${pid} not found: ${why}`;
  }
}

/**
 * koffi, the native layer (an optional peer dependency, so that packages that only parse files or
 * /proc install without it), is not installed or failed to load.
 */
export class NativeLayerUnavailable extends MemoryReaderError {
  override name = 'NativeLayerUnavailable';
  readonly code = 'PYGLASS_NO_KOFFI';
  constructor(cause: Error) {
    super(`Cannot load koffi, which pyglass needs to read another process: ${cause.message.split('\n')[0]}; install it next to @pyglass/memory-reader (npm install koffi)`);
    this.cause = cause;
  }
}

/**
 * True when `e` says the process (or thread) is gone or hidden from us: ProcessNotFound or
 * PermissionDenied, subclasses included. The one test callers use where either means "skip it".
 */
export function isGoneOrHidden(e: unknown): e is ProcessNotFound | PermissionDenied {
  return e instanceof ProcessNotFound || e instanceof PermissionDenied;
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/memory-reader', {
  MemoryReaderError, ProcessNotFound, ProcessExited, PermissionDenied, AlreadyTraced, BadAddress, ProcessNotSamplable, KernelThread, ZombieProcess,
  OtherUsersProcess, PidNotVisible, NativeLayerUnavailable,
});
