/**
 * Process and thread status from /proc/PID/stat, fast: the sampler asks for it every sample and the
 * subprocess mode for every process of the system every poll. Lines are read with open/read/close
 * into one shared buffer (half the cost of readFileSync: no fstat, no allocation), and a
 * ThreadStateReader keeps each thread's stat file open across samples.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs';
import { isGoneOrHiddenErrno as isGoneOrHidden } from './errno.js';
import { StatField, statFields, statStateByte } from './stat.js';
import { ThreadFiles } from './thread-files.js';

export interface ProcessStatus {
  /** One state character: R, S, D, T, t, Z, X, I … */
  state: string;
  ppid: number;
  /** Start time in clock ticks since boot (field 22): tells a process from a later one with its pid. */
  startTime: string;
}

// comm is at most 16 bytes: a stat line fits in 1 KiB.
const statBuf = Buffer.alloc(1024);
/** State letters of a stat line, as bytes: running, zombie, dead. */
const R = 0x52;
const Z = 0x5a;
const X = 0x58;

/** Reads a stat file into statBuf; undefined when it is gone or unreadable. */
function readStatLine(path: string): string | undefined {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    return statBuf.toString('latin1', 0, readSync(fd, statBuf, 0, statBuf.length, 0));
  } catch (e) {
    if (isGoneOrHidden(e)) return undefined;
    throw e;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** The fields after the command name (which may hold spaces and ')'): split after the LAST ')'. */
function statusOf(line: string): ProcessStatus | undefined {
  const rest = statFields(line);
  if (rest === undefined) return undefined;
  return { state: rest[StatField.state] ?? '', ppid: Number(rest[StatField.ppid]), startTime: rest[StatField.startTime] ?? '' };
}

/** State, parent and start time of a process; undefined when it is gone. */
export function processStatus(pid: number): ProcessStatus | undefined {
  const line = readStatLine(`/proc/${pid}/stat`);
  return line === undefined ? undefined : statusOf(line);
}

/** True when the process is gone or a zombie (exited, not yet reaped). */
export function processEnded(pid: number): boolean {
  const st = processStatus(pid);
  return st === undefined || st.state === 'Z' || st.state === 'X';
}

/** Every process of the system (that we can see) with its status: one pass over /proc. */
export function processTable(): Map<number, ProcessStatus> {
  const table = new Map<number, ProcessStatus>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch (e) {
    if (isGoneOrHidden(e)) return table;
    throw e;
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue; // not a pid
    const pid = Number(name);
    const st = processStatus(pid);
    if (st) table.set(pid, st);
  }
  return table;
}

/** True while thread `tid` of process `pid` exists. */
export function threadExists(pid: number, tid: number): boolean {
  return Number.isInteger(tid) && tid > 0 && existsSync(`/proc/${pid}/task/${tid}`);
}

/**
 * Scheduler states of one process's threads, read every sample: each thread's stat file stays open
 * (a pread per thread per sample). Call `retain` with the live threads to close the others.
 */
export class ThreadStateReader {
  private readonly files: ThreadFiles;
  constructor(readonly pid: number) {
    this.files = new ThreadFiles(pid, 'stat');
  }

  /**
   * True when the thread's state is 'R'. A thread that is gone, exited (a zombie, 'Z', or dead, 'X')
   * or unreadable counts as running too: callers skip reading a thread that is not running, and such
   * a thread needs the read that finds out what became of it.
   */
  isRunning(tid: number): boolean {
    const n = this.files.read(tid, statBuf);
    if (n === undefined) return true;
    const state = statStateByte(statBuf, n);
    return state === undefined || state === R || state === Z || state === X;
  }

  /** Closes the files of threads not in `live` (tids). */
  retain(live: Iterable<number>): void {
    this.files.retain(live);
  }

  close(): void {
    this.files.close();
  }
}
