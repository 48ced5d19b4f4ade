/**
 * How long a thread has been on a CPU, from /proc/PID/task/TID/schedstat (nanoseconds, first
 * field): a paused reader resumes a thread and waits until this grows to know the thread has run.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isGoneOrHiddenErrno } from './errno.js';

const buf = Buffer.alloc(128);

/** Time thread `tid` of `pid` has spent on a CPU, in nanoseconds; undefined when it is gone or the kernel does not say. */
export function threadRunTimeNs(pid: number, tid: number): number | undefined {
  let fd = -1;
  try {
    fd = openSync(`/proc/${pid}/task/${tid}/schedstat`, 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    const space = buf.indexOf(32);
    const ns = Number(buf.toString('latin1', 0, space > 0 && space < n ? space : n));
    return Number.isFinite(ns) ? ns : undefined;
  } catch (e) {
    // gone, hidden, or a kernel without schedstat: the caller falls back to waiting a while
    if (isGoneOrHiddenErrno(e)) return undefined;
    throw e;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
