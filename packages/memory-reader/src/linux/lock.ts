/**
 * Pausing a process (Linux): every thread is PTRACE_SEIZEd and PTRACE_INTERRUPTed, which stops it
 * in a ptrace trap stop (not a group stop), so if pyglass dies — even by SIGKILL — the kernel
 * detaches and the threads simply resume. All ptrace/waitpid calls are synchronous on the calling
 * thread: ptrace sessions belong to the thread that attached (koffi's .async would break them).
 */
import { AlreadyTraced, isSystemError, MemoryReaderError, ProcessExited, ProcessNotFound } from '../errors.js';
import { permissionDenied } from './classify.js';
import { readFileSync } from 'node:fs';
import { ECHILD, EINTR, EPERM, ESRCH, addressOf, errno, linuxLibc, putU64, type NativeFn } from '../native.js';
import { listThreads, processExists, threadState } from './proc.js';
import type { ProcessLock } from '../process.js';
import type { Registers } from '../types.js';

const PTRACE_CONT = 7;
const PTRACE_GETREGS = 12;
const PTRACE_DETACH = 17;
const PTRACE_GETREGSET = 0x4204;
const PTRACE_SEIZE = 0x4206;
const PTRACE_INTERRUPT = 0x4207;
const PTRACE_EVENT_STOP = 128;
const NT_PRSTATUS = 1;
const WNOHANG = 1;
const WALL = 0x40000000;
const SIGTRAP = 5;

const activeLocks = new Set<LinuxProcessLock>();
/** tid → lock, to refuse locking a thread twice from this process. */
const lockedTids = new Map<number, LinuxProcessLock>();
let hooksInstalled = false;

/** Detaches every active lock (process exit / fatal signal safety net). */
export function unlockAll(): void {
  for (const l of [...activeLocks]) l.unlock();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', unlockAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      unlockAll();
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

const status = [0];
const spinWait = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms: number): void {
  Atomics.wait(spinWait, 0, 0, ms);
}

type WaitResult = 'stopped' | 'gone';

/** pid → raw wait status of processes whose exit our waitpid collected while pausing them. */
const reaped = new Map<number, number>();

/**
 * The exit code (128 + signal when killed) of `pid` if pausing it collected its exit: when the
 * target is a child of ours, that waitpid consumed the status, and `child_process` never reports it.
 */
export function reapedExitStatus(pid: number): number | undefined {
  const st = reaped.get(pid);
  if (st === undefined) return undefined;
  return (st & 0x7f) === 0 ? (st >> 8) & 0xff : 128 + (st & 0x7f);
}

/**
 * Waits until `tid` reports a stop after PTRACE_INTERRUPT. Signal-delivery stops are re-injected
 * (PTRACE_CONT with the signal), so the target never loses a signal nor stays stopped.
 */
function waitForStop(tid: number, pid: number): WaitResult {
  const { ptrace, waitpid } = linuxLibc();
  for (let attempt = 0; ; attempt++) {
    const r = waitpid(tid, status, WALL | WNOHANG) as number;
    if (r === 0) {
      // Not stopped yet. Spin a little, then sleep briefly, and make sure the thread still exists
      // and is not a zombie (a zombie group leader never reports until the whole group exits).
      if (attempt > 50) {
        if (attempt % 10 === 0) {
          let st: string;
          try {
            st = threadState(pid, tid);
          } catch (e) {
            if (!(e instanceof ProcessNotFound)) throw e;
            return 'gone';
          }
          if (st === 'Z' || st === 'X') return 'gone';
          ptrace(PTRACE_INTERRUPT, 'int', tid, 'void *', null, 'void *', null);
        }
        sleepMs(0.1);
      }
      continue;
    }
    if (r < 0) {
      const e = errno();
      if (e === EINTR) continue;
      if (e === ECHILD || e === ESRCH) return 'gone';
      throw new MemoryReaderError(`waitpid on thread ${tid} of process ${pid} failed with errno ${e}`, pid, e);
    }
    const st = status[0]!;
    if ((st & 0xff) !== 0x7f) {
      // Exited or killed. When the target is our own child, this waitpid consumed its exit status
      // (the runtime's own waitpid will never see it): keep it for reapedExitStatus().
      if (r === pid) reaped.set(pid, st);
      return 'gone';
    }
    const sig = (st >> 8) & 0xff;
    const event = (st >> 16) & 0xff;
    if (event === PTRACE_EVENT_STOP) return 'stopped'; // our interrupt, or a group stop
    if (event !== 0) return 'stopped'; // some other ptrace event stop: stopped all the same
    // Signal-delivery stop: hand the signal back and keep waiting for the interrupt trap (a stop
    // signal such as SIGSTOP turns into a group stop, reported as PTRACE_EVENT_STOP).
    const inject = sig === SIGTRAP ? 0 : sig;
    if ((ptrace(PTRACE_CONT, 'int', tid, 'void *', null, 'intptr_t', inject) as number) < 0 && errno() === ESRCH) return 'gone';
  }
}

class LinuxProcessLock implements ProcessLock {
  readonly pid: number;
  private readonly tids: number[] = [];
  locked = true;

  constructor(pid: number) {
    this.pid = pid;
  }

  get threads(): readonly number[] {
    return this.tids;
  }

  /** Seizes and stops one thread; false when it vanished. */
  stopThread(tid: number): boolean {
    return this.interruptThread(tid) && waitForStop(tid, this.pid) === 'stopped';
  }

  /**
   * Seizes one thread and asks it to stop, without waiting (lockProcess interrupts every thread
   * first and waits afterwards, so the threads stop in parallel); false when it vanished.
   */
  interruptThread(tid: number): boolean {
    const { ptrace } = linuxLibc();
    if ((ptrace(PTRACE_SEIZE, 'int', tid, 'void *', null, 'void *', null) as number) < 0) {
      const e = errno();
      if (e === ESRCH) return false;
      if (e === EPERM) {
        if (!processExists(tid)) return false;
        const tracer = tracerOf(this.pid, tid);
        if (tracer) throw new AlreadyTraced(this.pid, tracer.pid, tracer.name, e);
        throw permissionDenied(this.pid, e, 'pausing');
      }
      throw new MemoryReaderError(`PTRACE_SEIZE of thread ${tid} of process ${this.pid} failed with errno ${e}`, this.pid, e);
    }
    this.tids.push(tid);
    lockedTids.set(tid, this);
    if ((ptrace(PTRACE_INTERRUPT, 'int', tid, 'void *', null, 'void *', null) as number) < 0) {
      if (errno() === ESRCH) return false;
    }
    return true;
  }

  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    activeLocks.delete(this);
    let ptrace: NativeFn | undefined;
    try {
      ptrace = linuxLibc().ptrace;
    } catch {
      /* on purpose, whatever it throws: koffi unavailable means nothing was locked */
    }
    for (const tid of this.tids) {
      lockedTids.delete(tid);
      try {
        ptrace?.(PTRACE_DETACH, 'int', tid, 'void *', null, 'void *', null);
      } catch {
        /* on purpose, whatever it throws: a failed detach must not stop detaching the others */
      }
    }
  }
}

/**
 * Stops every thread of `pid` (PTRACE_SEIZE + PTRACE_INTERRUPT), re-listing /proc/PID/task until no
 * new thread shows up, so threads started meanwhile are stopped too; threads that vanish are
 * skipped. Call `unlock()` as soon as possible (ideally in `finally`). Throws ProcessNotFound,
 * ProcessExited, PermissionDenied.
 */
export function lockProcess(pid: number): ProcessLock {
  const got = lockProcesses([pid]).get(pid)!;
  if (got instanceof Error) throw got;
  return got;
}

/**
 * Stops every thread of every process of `pids` at once: all of them are interrupted before any
 * stop is awaited, so a process tree is seen at one instant (and the stops overlap). Per pid: its
 * lock, or the memory-reader error that kept it from stopping (ProcessNotFound, ProcessExited,
 * PermissionDenied) — the others stay locked. Any other error unlocks them all and is thrown.
 */
export function lockProcesses(pids: readonly number[]): Map<number, ProcessLock | MemoryReaderError> {
  if (process.platform !== 'linux') throw new MemoryReaderError(`lockProcess is only implemented on Linux (this is ${process.platform})`, pids[0]);
  installExitHooks();
  const result = new Map<number, ProcessLock | MemoryReaderError>();
  const pending = new Map<number, { lock: LinuxProcessLock; seen: Set<number> }>();
  const fail = (pid: number, e: unknown): void => {
    if (!(e instanceof MemoryReaderError)) throw e;
    pending.get(pid)?.lock.unlock();
    pending.delete(pid);
    result.set(pid, e);
  };
  try {
    for (const pid of pids) {
      if (result.has(pid)) continue;
      if (!processExists(pid)) {
        result.set(pid, new ProcessNotFound(pid));
        continue;
      }
      const lock = new LinuxProcessLock(pid);
      activeLocks.add(lock);
      pending.set(pid, { lock, seen: new Set() });
      result.set(pid, lock);
    }
    // Rounds: interrupt every thread not seen yet of every process, then await those stops; until a
    // round finds no new thread (one started meanwhile is stopped in the next round).
    let added = 1;
    while (added > 0) {
      added = 0;
      const fresh: Array<[number, number]> = [];
      for (const [pid, { lock, seen }] of pending) {
        try {
          for (const tid of threadsToStop(pid, seen)) {
            added++;
            if (lock.interruptThread(tid)) fresh.push([tid, pid]);
          }
        } catch (e) {
          fail(pid, e);
        }
      }
      // Every thread was interrupted above: they stop concurrently, the waits overlap.
      for (const [tid, pid] of fresh) {
        if (!pending.has(pid)) continue;
        try {
          waitForStop(tid, pid);
        } catch (e) {
          fail(pid, e);
        }
      }
    }
    for (const [pid, { lock }] of pending) if (lock.threads.length === 0) fail(pid, new ProcessExited(pid));
  } catch (e) {
    for (const { lock } of pending.values()) lock.unlock();
    throw e;
  }
  return result;
}

/** The threads of `pid` not in `seen` (added to it); throws ProcessExited when it is gone. */
function threadsToStop(pid: number, seen: Set<number>): number[] {
  let tids: number[];
  try {
    tids = listThreads(pid);
  } catch (e) {
    if (!(e instanceof ProcessNotFound)) throw e;
    throw new ProcessExited(pid);
  }
  const fresh: number[] = [];
  for (const tid of tids) {
    if (seen.has(tid)) continue;
    seen.add(tid);
    const other = lockedTids.get(tid);
    if (other && other.locked) throw new MemoryReaderError(`Thread ${tid} of process ${pid} is already locked by this process: unlock the previous lock first`, pid);
    fresh.push(tid);
  }
  return fresh;
}

/** Runs `fn` with `pid` paused and always resumes it afterwards. */
export function withLock<T>(pid: number, fn: (lock: ProcessLock) => T): T {
  const lock = lockProcess(pid);
  try {
    return fn(lock);
  } finally {
    lock.unlock();
  }
}

const X86_64_REGS = [
  'r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi', 'rdi',
  'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss', 'fs_base', 'gs_base', 'ds', 'es', 'fs', 'gs',
] as const;
let regsBuf: BigUint64Array | undefined;
let regsIov: Uint32Array | undefined;

/**
 * Registers of a thread stopped by `lockProcess` (PTRACE_GETREGS on x86_64, PTRACE_GETREGSET
 * NT_PRSTATUS on aarch64). Values above 2^53 (e.g. -1 in a general register) lose precision.
 */
export function getRegisters(tid: number): Registers {
  const { ptrace } = linuxLibc();
  const all: Record<string, number> = {};
  if (process.arch === 'x64') {
    const regs = (regsBuf ??= new BigUint64Array(34));
    if ((ptrace(PTRACE_GETREGS, 'int', tid, 'void *', null, 'void *', regs) as number) < 0) throw registersError(tid);
    for (let i = 0; i < X86_64_REGS.length; i++) all[X86_64_REGS[i]!] = Number(regs[i]!);
    return { arch: 'x86_64', pc: all['rip']!, sp: all['rsp']!, fp: all['rbp']!, all };
  }
  if (process.arch === 'arm64') {
    // struct user_pt_regs { u64 regs[31]; u64 sp; u64 pc; u64 pstate; } through an iovec.
    const regs = (regsBuf ??= new BigUint64Array(34));
    if (!regsIov) {
      regsIov = new Uint32Array(4);
      putU64(regsIov, 0, addressOf(new Uint8Array(regs.buffer)));
      regsIov[2] = 34 * 8;
    }
    const iov = regsIov;
    if ((ptrace(PTRACE_GETREGSET, 'int', tid, 'intptr_t', NT_PRSTATUS, 'void *', iov) as number) < 0) throw registersError(tid);
    for (let i = 0; i < 31; i++) all[`x${i}`] = Number(regs[i]!);
    const sp = (all['sp'] = Number(regs[31]!));
    const pc = (all['pc'] = Number(regs[32]!));
    all['pstate'] = Number(regs[33]!);
    return { arch: 'aarch64', pc, sp, fp: all['x29']!, all };
  }
  throw new MemoryReaderError(`getRegisters is not implemented on ${process.arch}`);
}

function registersError(tid: number): Error {
  const e = errno();
  if (e === ESRCH) {
    return new MemoryReaderError(`Cannot read the registers of thread ${tid}: it is not stopped by lockProcess (lock the process first) or has exited`, undefined, e);
  }
  return new MemoryReaderError(`Reading the registers of thread ${tid} failed with errno ${e}`, undefined, e);
}

/** The process tracing thread `tid` of `pid` (TracerPid in /proc), when it is not us. */
function tracerOf(pid: number, tid: number): { pid: number; name: string } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'latin1');
    const tracer = Number(/^TracerPid:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    if (!tracer || tracer === process.pid) return undefined;
    let name = '';
    try {
      name = readFileSync(`/proc/${tracer}/comm`, 'latin1').trim();
    } catch (e) {
      // the tracer may be in another pid namespace: its pid alone still helps
      if (!isSystemError(e)) throw e;
    }
    return { pid: tracer, name };
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return undefined;
  }
}
