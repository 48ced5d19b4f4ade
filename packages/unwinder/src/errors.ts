import { isSystemError, MemoryReaderError } from '@pyglass/memory-reader';
import { brandErrors } from '@pyglass/model';
import { NativeUnwindError } from './native/errors.js';

/** Thrown for any object file that cannot be parsed: wrong magic, truncated, inconsistent tables. */
export class ObjectFileError extends Error {
  override name = 'ObjectFileError';
  /** The file that was being parsed. */
  readonly file: string;
  /** What is wrong with it (the message without the file name). */
  readonly problem: string;
  /** The Node error code (ENOENT, EACCES, EISDIR, …) when opening or reading the file failed. */
  readonly code: string | undefined;
  constructor(file: string, problem: string, code?: string) {
    super(`${file}: ${problem}`);
    this.file = file;
    this.problem = problem;
    this.code = code;
  }
}

/**
 * What reading an object file, its unwind tables or a process's memory can throw when the data is
 * missing, unreadable or malformed (as opposed to a bug): the caller then does without it.
 */
export function isUnusableInput(e: unknown): boolean {
  return e instanceof ObjectFileError || e instanceof NativeUnwindError || e instanceof MemoryReaderError || isSystemError(e);
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/unwinder', { ObjectFileError, NativeUnwindError });
