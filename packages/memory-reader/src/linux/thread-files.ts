/**
 * One open /proc/PID/task/TID/<name> file per thread, read with a pread each time: the per-sample
 * readers (scheduler state, system call) keep their files open instead of opening them per sample.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isGoneOrHiddenErrno } from './errno.js';

export class ThreadFiles {
  private readonly fds = new Map<number, number>();
  constructor(readonly pid: number, private readonly name: string) {}

  /**
   * Reads thread `tid`'s file into `buf` from its start: the number of bytes, or undefined when the
   * thread is gone or its file is hidden from us (the file is then closed). Other errors throw.
   */
  read(tid: number, buf: Buffer): number | undefined {
    let fd = this.fds.get(tid);
    try {
      if (fd === undefined) {
        fd = openSync(`/proc/${this.pid}/task/${tid}/${this.name}`, 'r');
        this.fds.set(tid, fd);
      }
      return readSync(fd, buf, 0, buf.length, 0);
    } catch (e) {
      if (!isGoneOrHiddenErrno(e)) throw e;
      if (fd !== undefined) this.forget(tid);
      return undefined;
    }
  }

  /** True while thread `tid`'s file is open. */
  isOpen(tid: number): boolean {
    return this.fds.has(tid);
  }

  /** Closes the files of threads not in `live` (tids). */
  retain(live: Iterable<number>): void {
    if (this.fds.size === 0) return;
    const keep = new Set(live);
    if (this.fds.size <= keep.size) return;
    for (const tid of [...this.fds.keys()]) if (!keep.has(tid)) this.forget(tid);
  }

  close(): void {
    for (const tid of [...this.fds.keys()]) this.forget(tid);
  }

  private forget(tid: number): void {
    const fd = this.fds.get(tid);
    this.fds.delete(tid);
    if (fd !== undefined) closeSync(fd);
  }
}
