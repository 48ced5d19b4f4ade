/**
 * What to try when the process given is not Python. Apart from ./target.ts, which launches programs:
 * `dump` needs only this, and loading child_process (with the stream and network modules under it)
 * for it would slow every dump's start.
 */
import { NotPythonProcess } from '@pyglass/sampler';

/** The target is not a Python process: what it is, and what to give instead. */
export class NotAPythonTarget extends Error {
  override readonly name = 'NotAPythonTarget';
}

/** An attach error of a pid given with --pid, with what to try when it is not Python. */
export function withAttachAdvice(error: unknown): unknown {
  if (!(error instanceof NotPythonProcess)) return error;
  return new NotAPythonTarget(`${error.message}: give the pid of a Python process (pgrep -af python), or add -s to profile the Python programs it started.`, { cause: error });
}
