/**
 * Which futex a thread sleeps on, from /proc/PID/task/TID/syscall: the kernel's view of a blocked
 * thread ("NR arg1 arg2 … sp pc", or "running" / "-1 …" when it is not in a system call). The sampler
 * compares the address with the interpreter's GIL to tell a thread waiting for the GIL from one that
 * sleeps for another reason. Like ThreadStateReader, each thread's file stays open (a pread per read).
 */
import { isSystemError } from '../errors.js';
import { ThreadFiles } from './thread-files.js';

/** futex(2)'s system call number on this machine's ABI (undefined where it is not known). */
// process.arch, not `import { arch } from 'node:process'`: that import makes Node build the module's
// ESM view of every property of `process`, and reading `process.report` loads the report machinery.
const FUTEX_NR: number | undefined = process.arch === 'x64' ? 202 : process.arch === 'arm64' ? 98 : undefined;

// "202 0x7f… 0x… 0x… 0x… 0x… 0x… 0x7ff… 0x7f…": 9 fields of at most 18 characters.
const buf = Buffer.alloc(256);

/** Parses a /proc/…/syscall line: the futex word's address when the thread is in futex(2). */
export function futexAddressOf(line: string): number | undefined {
  if (FUTEX_NR === undefined) return undefined;
  const space = line.indexOf(' ');
  if (space < 0 || Number(line.slice(0, space)) !== FUTEX_NR) return undefined;
  const end = line.indexOf(' ', space + 1);
  const arg = line.slice(space + 1, end < 0 ? undefined : end);
  const address = Number(arg); // "0x…": a user-space address, below 2^53
  return Number.isSafeInteger(address) && address > 0 ? address : undefined;
}

export class ThreadSyscallReader {
  private readonly files: ThreadFiles;
  constructor(readonly pid: number) {
    this.files = new ThreadFiles(pid, 'syscall');
  }

  /** True on ABIs where futexAddress can answer. */
  static get supported(): boolean {
    return FUTEX_NR !== undefined;
  }

  /**
   * True when thread `tid`'s syscall file can be read (it needs the right to ptrace the process). A
   * thread gone or hidden closes its file (futexAddress says undefined); any other failed system call
   * (EIO, EINVAL from a kernel that cannot report it) also means "not readable". Anything else is a bug
   * and is thrown.
   */
  readable(tid: number): boolean {
    if (FUTEX_NR === undefined) return false;
    try {
      this.futexAddress(tid);
      return this.files.isOpen(tid);
    } catch (e) {
      if (isSystemError(e)) return false;
      throw e;
    }
  }

  /**
   * The address of the futex word thread `tid` waits on, or undefined when it is not in futex(2),
   * is gone, or its syscall file cannot be read (reading it needs the right to ptrace the process).
   */
  futexAddress(tid: number): number | undefined {
    const n = this.files.read(tid, buf);
    return n === undefined ? undefined : futexAddressOf(buf.toString('latin1', 0, n));
  }

  /** Closes the files of threads not in `live` (tids). */
  retain(live: Iterable<number>): void {
    this.files.retain(live);
  }

  close(): void {
    this.files.close();
  }
}
