/** The sampler's error classes and the one place that decides what an error means (final, retryable, the target's). */
import { UnsupportedPythonVersion } from '@pyglass/cpython-layouts';
import { BadAddress, isGoneOrHidden, ProcessExited, ProcessNotSamplable, ZombieProcess } from '@pyglass/memory-reader';
import { brandErrors } from '@pyglass/model';

export { UnsupportedPythonVersion } from '@pyglass/cpython-layouts';
export {
  PermissionDenied, ProcessExited, ProcessNotFound, MemoryReaderError, ProcessNotSamplable, KernelThread, ZombieProcess, OtherUsersProcess, PidNotVisible,
} from '@pyglass/memory-reader';

/** The process has neither a libpython nor a python executable mapped. */
export class NotPythonProcess extends Error {
  override readonly name = 'NotPythonProcess';
  constructor(readonly pid: number, detail = '') {
    super(`PID ${pid} does not look like a Python process (no libpython or python binary mapped)${detail ? `: ${detail}` : ''}`);
  }
}

/** A Python process whose interpreter state could not be found or read. */
export class InterpreterNotFound extends Error {
  override readonly name = 'InterpreterNotFound';
  constructor(readonly pid: number, readonly reason: string) {
    super(`Failed to find the Python interpreter state in process ${pid}: ${reason}; the interpreter may still be starting (retry) or be an unsupported build`);
  }
}

/** Reading the stacks of one sample failed (garbage pointers, a changing stack in nonblocking mode, …). */
export class SamplingFailed extends Error {
  override readonly name = 'SamplingFailed';
  /** `cause`: the error the reason came from (e.g. a StackChanged: a torn read, not a broken target). */
  constructor(readonly pid: number, reason: string, cause?: unknown) {
    super(`Failed to read the Python stacks of process ${pid}: ${reason}`, cause === undefined ? undefined : { cause });
  }
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/sampler', { NotPythonProcess, InterpreterNotFound, SamplingFailed });

/**
 * The one place that decides what an attach error means. Final: retrying the same pid cannot
 * help (no such process, no permission or another tracer, a process that cannot be profiled —
 * kernel thread, zombie, another user's, outside our pid namespace —, not Python, an unsupported
 * version).
 */
export function isFinalAttachError(e: unknown): boolean {
  return isGoneOrHidden(e) || e instanceof ProcessNotSamplable
    || e instanceof NotPythonProcess || e instanceof UnsupportedPythonVersion;
}

/**
 * Errors of a process that may still become (or finish starting as) Python: a launcher or shim
 * that execs python later, an interpreter still initializing. A launched program or a subprocess
 * root giving one of these is kept and attached again.
 */
export function mayBecomePython(e: unknown): boolean {
  return e instanceof NotPythonProcess || e instanceof InterpreterNotFound || e instanceof SamplingFailed || e instanceof BadAddress;
}

/**
 * A program pyglass launched gives these while it starts (not Python yet) or ends (a zombie, until
 * its exit is seen): attaching is tried again while it runs.
 */
export function isLaunchRetryable(e: unknown): boolean {
  return mayBecomePython(e) || e instanceof ZombieProcess;
}

/** Errors a sample may end with that already say what happened to the target (passed through as they are). */
export function isTargetError(e: unknown): boolean {
  return isGoneOrHidden(e) || e instanceof ProcessExited || e instanceof SamplingFailed;
}
