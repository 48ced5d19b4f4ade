/**
 * Subprocess mode (`--subprocesses`): the target and every descendant that runs Python, sampled
 * together. The process table is polled every `pollInterval` ms for new descendants; a new Python child is
 * attached (a few tries while it starts), non-Python ones and zombies are skipped silently (but
 * watched: a child that later execs python is picked up), and children that exit are dropped.
 * Each trace carries the `processInfo` of its process (pid, command line, the chain of sampled
 * ancestors), cached per process.
 */
import { isGoneOrHidden, processCmdline, processExe, processStatus, type ProcessStatus, processTable } from '@pyglass/memory-reader';
import { isFinalAttachError, mayBecomePython } from './errors.js';
import { PythonSpy } from './spy.js';
import type { Config, ProcessInfo, SamplingError, StackTrace } from './types.js';

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

  /** One tick: polls the process table when due, then reads every attached process. */
  sample(): GroupSample {
    const now = performance.now();
    if (now - this.lastPoll >= SUBPROCESS_POLL_MS) this.poll(now);
    const traces: StackTrace[] = [];
    let errors: SamplingError[] | undefined;
    for (const m of this.members.values()) {
      if (!m.spy) continue;
      let got: StackTrace[];
      try {
        got = m.spy.getStackTraces({ idleStacksUnused: !this.config.includeIdle });
      } catch (e) {
        if (!alive(processStatus(m.pid))) {
          this.drop(m);
          continue;
        }
        // The first failure since the last good sample may be an exec (a forked copy of the parent
        // became a new program): attach again at the next poll, silently. Repeated ones are errors.
        if (m.failures++ > 0) (errors ??= []).push({ pid: m.pid, error: e as Error });
        if (m.failures === 1) {
          m.spy.close();
          m.spy = undefined;
          m.info = undefined;
          m.exe = exeOf(m.pid);
          m.triesLeft = SUBPROCESS_ATTACH_TRIES;
          this.lastPoll = -Infinity;
        }
        continue;
      }
      m.failures = 0;
      const info = m.info ?? (m.info = this.infoFor(m));
      for (const t of got) {
        t.processInfo = info;
        traces.push(t);
      }
    }
    return { traces, errors, alive: this.members.size > 0 };
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
