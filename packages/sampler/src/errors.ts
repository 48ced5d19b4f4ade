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
  constructor(readonly pid: number, reason: string) {
    super(`Failed to read the Python stacks of process ${pid}: ${reason}`);
  }
}
