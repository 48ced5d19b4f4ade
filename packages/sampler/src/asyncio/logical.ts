/**
 * Async-aware stacks (`record --async`, `top --async`): a thread running a task is attributed to the
 * task's logical stack (its own frames, then the coroutine stacks of the tasks awaiting it, out to
 * the task nobody awaits), leaving out the event-loop machinery the task runs under. Suspended tasks
 * can also be reported, each as an idle "thread" whose stack is its logical stack at its await point.
 */
import type { RawRead } from '../read/stack-reader.js';
import type { Frame, LineNo, StackTrace } from '../types.js';
import type { AsyncioReader } from './tasks.js';
import type { AsyncioSnapshot, AsyncioTask } from './types.js';

/** With --idle, how often every task is read again (in between, only the running tasks and their awaiters are). */
export const SUSPENDED_REFRESH_MS = 100;

/** Bounds the walk up the awaiters (a cycle of awaits ends it too). */
const MAX_AWAIT_DEPTH = 256;

/** The logical stack of `task`, innermost first: its own stack, then its first awaiter's, and so on. */
export function logicalStack(task: AsyncioTask, byId: ReadonlyMap<number, AsyncioTask>): Frame[] {
  const parts: Frame[][] = [];
  logicalParts(task, byId, parts);
  return parts.flat();
}

/**
 * The traces of one sample made async-aware: a thread running a task gets the task's logical stack;
 * with `suspended`, every suspended task adds an idle trace (thread id 0, named after the task).
 */
export function asyncLogicalTraces(traces: StackTrace[], snapshot: AsyncioSnapshot | undefined, suspended: boolean): StackTrace[] {
  if (!snapshot || snapshot.tasks.length === 0) return traces;
  const byId = new Map(snapshot.tasks.map((t) => [t.id, t]));
  const runningOn = new Map<number, AsyncioTask>();
  for (const t of snapshot.tasks) if (t.threadId !== undefined) runningOn.set(t.threadId, t);
  const out = traces.map((trace) => {
    const task = runningOn.get(trace.threadId);
    return task ? { ...trace, frames: logicalStack(task, byId), asyncioTask: { id: task.id, name: task.name } } : trace;
  });
  if (suspended) for (const s of suspendedTraces(snapshot, traces[0]?.pid ?? 0).values()) out.push(s.trace);
  return out;
}

/** A suspended task's trace as last built, and the stacks it was built from (see suspendedTraces). */
interface SuspendedTrace {
  trace: StackTrace & { taskId: number };
  /** The task's coroutine stack, then its awaiters' out to the root: the arrays the logical stack was made of. */
  parts: Frame[][];
}

/** The coroutine stacks a logical stack is made of, into `parts`: the task's, then its first awaiter's, and so on. */
function logicalParts(task: AsyncioTask, byId: ReadonlyMap<number, AsyncioTask>, parts: Frame[][]): void {
  parts.length = 0;
  parts.push(task.coroutineStack);
  // the tasks on the way (a few: a scan beats a Set), against a cycle of awaits
  const seen = [task.id];
  let cur = task;
  for (let depth = 0; depth < MAX_AWAIT_DEPTH; depth++) {
    // several awaiters (a task awaited twice): follow the first, one stack per sample
    let parent: AsyncioTask | undefined;
    for (const id of cur.awaitedBy) {
      const p = byId.get(id);
      if (p !== undefined && !seen.includes(p.id)) {
        parent = p;
        break;
      }
    }
    if (!parent) break;
    seen.push(parent.id);
    parts.push(parent.coroutineStack);
    cur = parent;
  }
}

/**
 * An idle trace per suspended task (thread id 0, named after the task), its logical stack at its await
 * point. With `last` (the traces of the previous call, by task id), a task whose name, span and every
 * coroutine stack of its logical stack are the same arrays as then (the reader hands back the same
 * array for a chain whose words did not change) gets its trace object back: one frames array per
 * stack for the consumers' caches, nothing allocated.
 */
function suspendedTraces(snapshot: AsyncioSnapshot, pid: number, last?: Map<number, SuspendedTrace>): Map<number, SuspendedTrace> {
  const byId = new Map(snapshot.tasks.map((t) => [t.id, t]));
  const out = new Map<number, SuspendedTrace>();
  let parts: Frame[][] = [];
  for (const t of snapshot.tasks) {
    if (t.state !== 'pending' || t.coroutineStack.length === 0) continue;
    logicalParts(t, byId, parts);
    const before = last?.get(t.id);
    if (before && before.trace.pid === pid && before.trace.threadName === taskThreadName(t) && before.trace.span === t.span && sameArrays(before.parts, parts)) {
      out.set(t.id, before);
      continue;
    }
    const trace: StackTrace & { taskId: number } = {
      taskId: t.id, pid, threadId: 0, threadName: taskThreadName(t), osThreadId: undefined,
      active: false, ownsGil: false, frames: parts.flat(), processInfo: undefined, asyncioTask: { id: t.id, name: t.name }, states: 0,
      ...(t.span ? { span: t.span } : {}),
    };
    out.set(t.id, { trace, parts });
    parts = [];
  }
  return out;
}

function taskThreadName(t: AsyncioTask): string {
  return `task ${t.name ?? `0x${t.id.toString(16)}`}`;
}

/** True when both lists hold the same arrays, in order. */
function sameArrays(a: readonly Frame[][], b: readonly Frame[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * record/top --async for one target: reads what the logical stacks need in each sample, and builds
 * them. Without --idle only the running tasks and their awaiters are read. With --idle every task is
 * read again every SUSPENDED_REFRESH_MS, and in between the suspended tasks' traces of that read are
 * reused (a suspended task's stack only changes when it runs, and then it is one of the running ones).
 */
export class AsyncStacks {
  private suspended = new Map<number, SuspendedTrace>();
  private fullSnapshot: AsyncioSnapshot | undefined;
  private lastFull = -Infinity;

  /** With --idle, how often every task is read (tests set 0: at every sample). */
  refreshMs: number;

  constructor(private readonly reader: AsyncioReader, private readonly includeIdle: boolean, refreshMs = SUSPENDED_REFRESH_MS) {
    this.refreshMs = refreshMs;
  }

  /** Call while the target is paused, right after its stacks were read. */
  read(raw: RawRead, lineNo: LineNo): AsyncioSnapshot {
    const now = performance.now();
    const full = this.includeIdle && now - this.lastFull >= this.refreshMs;
    const snapshot = this.reader.read(raw, lineNo, 0, !full);
    if (full) {
      this.lastFull = now;
      this.fullSnapshot = snapshot;
    }
    return snapshot;
  }

  /** The sample's traces made async-aware (see asyncLogicalTraces). */
  traces(traces: StackTrace[], snapshot: AsyncioSnapshot | undefined): StackTrace[] {
    const out = asyncLogicalTraces(traces, snapshot, false);
    if (!this.includeIdle) return out;
    if (this.fullSnapshot) {
      this.suspended = suspendedTraces(this.fullSnapshot, traces[0]?.pid ?? 0, this.suspended);
      this.fullSnapshot = undefined;
    }
    const running = new Set(snapshot?.tasks.filter((t) => t.threadId !== undefined).map((t) => t.id));
    for (const { trace } of this.suspended.values()) if (!running.has(trace.taskId)) out.push(trace);
    return out;
  }
}
