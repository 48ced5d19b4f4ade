/**
 * Subprocess mode (`--subprocesses`): the target and every descendant that runs Python, sampled
 * together. The process table is polled every `pollInterval` ms for new descendants; a new Python child is
 * attached (a few tries while it starts), non-Python ones and zombies are skipped silently (but
 * watched: a child that later execs python is picked up), and children that exit are dropped.
 * Each trace carries the `processInfo` of its process (pid, command line, the chain of sampled
 * ancestors), cached per process.
 */
import { isGoneOrHidden, lockProcesses, processCmdline, processExe, processStatus, type ProcessStatus, processTable } from '@pyglass/memory-reader';
import { isFinalAttachError, mayBecomePython } from './errors.js';
import { PythonSpy, type PendingSample } from './spy.js';
import { LockingStrategy, type Config, type ProcessInfo, type SamplingError, type StackTrace } from './types.js';

/** How often the process table is scanned for new descendants (ms). */
export const SUBPROCESS_POLL_MS = 100;
/** Attach tries for a new child (one per poll, so ~2 s for an interpreter to start) before it is left alone until it execs. */
export const SUBPROCESS_ATTACH_TRIES = 20;

function alive(st: ProcessStatus | undefined): st is ProcessStatus {
  return st !== undefined && st.state !== 'Z' && st.state !== 'X';
}

/** The executable's path, '' when the process is gone or hidden (then it is dropped or left alone). */
function exeOf(pid: number): string {
  try {
    return processExe(pid);
  } catch (e) {
    if (isGoneOrHidden(e)) return '';
    throw e;
  }
}

interface Member {
  pid: number;
  start: string;
  ppid: number;
  spy?: PythonSpy | undefined;
  /** Attach tries left; 0 = given up (not Python) until `exe` changes. */
  triesLeft: number;
  exe: string;
  /** Failed samples since the last good one. */
  failures: number;
  info?: ProcessInfo | undefined;
}

export interface GroupSample {
  traces: StackTrace[];
  errors: SamplingError[] | undefined;
  /** False once the root process and every descendant are gone. */
  alive: boolean;
  /**
   * Blocking mode: the processes read on their own after the tree resumed (one caught with a frame
   * chain torn mid-push): their traces are of a moment later than the others'.
   */
  alone?: number[] | undefined;
}

/**
 * The set of processes sampled in subprocess mode. `attach()` needs the root to exist; the root
 * itself may be a non-Python launcher (a shell, a shim) whose Python descendants are sampled.
 */
export class ProcessGroup {
  readonly rootPid: number;
  private readonly config: Config;
  private readonly members = new Map<number, Member>();
  private lastPoll = -Infinity;
  private closed = false;

  private constructor(rootPid: number, config: Config) {
    this.rootPid = rootPid;
    this.config = config;
  }

  /**
   * Attaches to the root (PythonSpy.retry) and to its current Python descendants. A root that is
   * not Python is kept as a launcher; ProcessNotFound and PermissionDenied are thrown.
   */
  static async attach(rootPid: number, config: Config): Promise<ProcessGroup> {
    const g = new ProcessGroup(rootPid, config);
    const st = processStatus(rootPid);
    let spy: PythonSpy | undefined;
    try {
      spy = await PythonSpy.retry(rootPid, config, 20);
    } catch (e) {
      if (!mayBecomePython(e)) throw e;
    }
    g.members.set(rootPid, {
      pid: rootPid, start: st?.startTime ?? '', ppid: st?.ppid ?? 0, spy, triesLeft: spy ? 0 : SUBPROCESS_ATTACH_TRIES, exe: exeOf(rootPid), failures: 0,
    });
    g.poll(performance.now());
    return g;
  }

  /** Number of processes currently sampled (attached Python processes). */
  get attachedCount(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.spy) n++;
    return n;
  }

  /** The spy attached to `pid`, when it is a sampled member. */
  spyOf(pid: number): PythonSpy | undefined {
    return this.members.get(pid)?.spy;
  }

  /**
   * The ThreadStates bits process `pid` can report (its spy's `stateSupport`), or undefined when it is
   * not attached: with -s each process of the tree has its own interpreter and its own mask.
   */
  stateSupport(pid: number): number | undefined {
    return this.members.get(pid)?.spy?.stateSupport;
  }

  /** The pids currently sampled. */
  attachedPids(): number[] {
    return [...this.members.values()].filter((m) => m.spy).map((m) => m.pid);
  }

  /**
   * One tick: polls the process table when due, then samples every attached process. In blocking
   * mode the whole tree is paused at once — every process interrupted, then all read, then all
   * resumed — so its stacks are one instant's; a process caught mid-push (a torn frame chain) is
   * read again on its own after the others resume.
   */
  sample(): GroupSample {
    const now = performance.now();
    if (now - this.lastPoll >= SUBPROCESS_POLL_MS) this.poll(now);
    const out: GroupSample = { traces: [], errors: undefined, alive: true };
    const options = { idleStacksUnused: !this.config.includeIdle };
    // 1. while they run: each process's thread states (some need no read at all)
    const pending = new Map<Member, PendingSample>();
    for (const m of this.members.values()) {
      if (!m.spy) continue;
      try {
        const p = m.spy.beginSample(options);
        if (Array.isArray(p)) this.accept(m, p, out);
        else pending.set(m, p);
      } catch (e) {
        this.failed(m, e, out);
      }
    }
    // 2. the reads, under one pause of every process that needs one
    const alone: Member[] = [];
    if (this.config.blocking === LockingStrategy.Lock && pending.size > 0) {
      const pausedAt = performance.now();
      const locks = lockProcesses([...pending.keys()].map((m) => m.pid));
      try {
        for (const [m, p] of pending) {
          const lock = locks.get(m.pid);
          const read = lock instanceof Error ? this.failed(m, lock, out) : this.readOne(m, p, true, out);
          if (read === 'read') continue;
          pending.delete(m);
          if (read === 'torn') alone.push(m); // read again alone, below
        }
      } finally {
        for (const lock of locks.values()) if (!(lock instanceof Error)) lock.unlock();
      }
      const pause = performance.now() - pausedAt;
      for (const m of pending.keys()) m.spy!.countPause(pause);
    } else {
      for (const [m, p] of pending) if (this.readOne(m, p, false, out) !== 'read') pending.delete(m);
    }
    // 3. after the resume: decoding, the traces
    for (const [m, p] of pending) {
      if (!m.spy) continue;
      try {
        this.accept(m, m.spy.finishSample(p), out);
      } catch (e) {
        this.failed(m, e, out);
      }
    }
    for (const m of alone) {
      (out.alone ??= []).push(m.pid);
      try {
        this.accept(m, m.spy!.getStackTraces(options), out);
      } catch (e) {
        this.failed(m, e, out);
      }
    }
    out.alive = this.members.size > 0;
    return out;
  }

  /** `readPaused` of one member: read, torn (a frame chain caught mid-push) or failed (recorded in `out`). */
  private readOne(m: Member, p: PendingSample, paused: boolean, out: GroupSample): 'read' | 'torn' | 'failed' {
    try {
      return m.spy!.readPaused(p, paused) ? 'read' : 'torn';
    } catch (e) {
      return this.failed(m, e, out);
    }
  }

  /** A member's good sample: its traces, labelled with its process. */
  private accept(m: Member, got: StackTrace[], out: GroupSample): void {
    m.failures = 0;
    const info = m.info ?? (m.info = this.infoFor(m));
    for (const t of got) {
      t.processInfo = info;
      out.traces.push(t);
    }
  }

  /** A member's failed sample: dropped when it is gone, attached again after an exec, else an error. */
  private failed(m: Member, e: unknown, out: GroupSample): 'failed' {
    if (!alive(processStatus(m.pid))) {
      this.drop(m);
      return 'failed';
    }
    // The first failure since the last good sample may be an exec (a forked copy of the parent
    // became a new program): attach again at the next poll, silently. Repeated ones are errors.
    if (m.failures++ > 0) (out.errors ??= []).push({ pid: m.pid, error: e as Error });
    if (m.failures === 1) {
      m.spy?.close();
      m.spy = undefined;
      m.info = undefined;
      m.exe = exeOf(m.pid);
      m.triesLeft = SUBPROCESS_ATTACH_TRIES;
      this.lastPoll = -Infinity;
    }
    return 'failed';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const m of this.members.values()) m.spy?.close();
    this.members.clear();
  }

  private drop(m: Member): void {
    m.spy?.close();
    m.spy = undefined;
    this.members.delete(m.pid);
    // Cached infos of descendants keep their (now historical) parent: that is what they were.
  }

  /** py-spy's ProcessInfo: the process, then its sampled ancestors up to the root. */
  private infoFor(m: Member): ProcessInfo {
    let commandLine = '';
    try {
      commandLine = processCmdline(m.pid).join(' ');
    } catch (e) {
      if (!(isGoneOrHidden(e))) throw e; // gone: keep the pid
    }
    let parent: ProcessInfo | undefined;
    const seen = new Set<number>([m.pid]);
    let p = m.ppid;
    while (p > 0 && !seen.has(p) && m.pid !== this.rootPid) {
      seen.add(p);
      const pm = this.members.get(p);
      if (!pm) break;
      if (pm.spy) {
        parent = pm.info ?? (pm.info = this.infoFor(pm));
        break;
      }
      p = pm.ppid;
    }
    return { pid: m.pid, commandLine, parent };
  }

  /** Rescans the process table: drops exited members, finds new descendants, (re)tries attaching. */
  private poll(now: number): void {
    this.lastPoll = now;
    // Parent → children over the whole system (one pass over the process table).
    const byParent = new Map<number, number[]>();
    const status = processTable();
    for (const [pid, st] of status) {
      const list = byParent.get(st.ppid);
      if (list) list.push(pid);
      else byParent.set(st.ppid, [pid]);
    }
    // Members that exited (or whose pid now belongs to another process).
    for (const m of [...this.members.values()]) {
      const st = status.get(m.pid);
      if (!alive(st) || (m.start && st.startTime !== m.start)) this.drop(m);
    }
    // Descendants of the root and of every member (orphans are reparented away from the root).
    const queue = [this.rootPid, ...this.members.keys()];
    const seen = new Set<number>(queue);
    while (queue.length) {
      const parent = queue.pop()!;
      for (const child of byParent.get(parent) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        queue.push(child);
        const st = status.get(child)!;
        if (!alive(st) || this.members.has(child)) continue;
        this.members.set(child, { pid: child, start: st.startTime, ppid: parent, triesLeft: SUBPROCESS_ATTACH_TRIES, exe: exeOf(child), failures: 0 });
      }
    }
    for (const m of this.members.values()) {
      if (m.spy) continue;
      if (m.triesLeft === 0) {
        // Given up: retry only when the process has exec'd something else (e.g. a shell → python).
        const exe = exeOf(m.pid);
        if (exe === m.exe) continue;
        m.exe = exe;
        m.triesLeft = SUBPROCESS_ATTACH_TRIES;
      }
      this.tryAttach(m);
    }
  }

  private tryAttach(m: Member): void {
    let spy: PythonSpy | undefined;
    try {
      spy = PythonSpy.create(m.pid, this.config);
      spy.getStackTraces();
      m.spy = spy;
      m.info = undefined;
      m.triesLeft = 0;
    } catch (e) {
      spy?.close();
      m.triesLeft = isFinalAttachError(e) ? 0 : m.triesLeft - 1;
    }
  }
}
