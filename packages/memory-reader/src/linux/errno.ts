/** What a failed /proc read means: the one mapping of Node's errno codes to "gone or hidden" (Linux). */

/** True for the errors /proc gives when a process or thread is gone (ENOENT, ESRCH) or hidden from us (EACCES, EPERM). */
export function isGoneOrHiddenErrno(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM';
}

/** True when the process or thread is gone (ENOENT, ESRCH), not merely hidden. */
export function isGoneErrno(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ESRCH';
}
