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
  const frames = [...task.coroutineStack];
  const seen = new Set<number>([task.id]);
  let cur = task;
  for (let depth = 0; depth < MAX_AWAIT_DEPTH; depth++) {
    // several awaiters (a task awaited twice): follow the first, one stack per sample
    const parent = cur.awaitedBy.map((id) => byId.get(id)).find((p) => p !== undefined && !seen.has(p.id));
    if (!parent) break;
    seen.add(parent.id);
    frames.push(...parent.coroutineStack);
    cur = parent;
  }
  return frames;
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
  if (suspended) out.push(...suspendedTraces(snapshot, traces[0]?.pid ?? 0));
  return out;
}

/** An idle trace per suspended task (thread id 0, named after the task), its logical stack at its await point. */
function suspendedTraces(snapshot: AsyncioSnapshot, pid: number): Array<StackTrace & { taskId: number }> {
  const byId = new Map(snapshot.tasks.map((t) => [t.id, t]));
  const out: Array<StackTrace & { taskId: number }> = [];
  for (const t of snapshot.tasks) {
    if (t.state !== 'pending' || t.coroutineStack.length === 0) continue;
    out.push({
      taskId: t.id, pid, threadId: 0, threadName: `task ${t.name ?? `0x${t.id.toString(16)}`}`, osThreadId: undefined,
      active: false, ownsGil: false, frames: logicalStack(t, byId), processInfo: undefined, asyncioTask: { id: t.id, name: t.name }, states: 0,
      ...(t.span ? { span: t.span } : {}),
    });
  }
  return out;
}

/**
 * record/top --async for one target: reads what the logical stacks need in each sample, and builds
 * them. Without --idle only the running tasks and their awaiters are read. With --idle every task is
 * read again every SUSPENDED_REFRESH_MS, and in between the suspended tasks' traces of that read are
 * reused (a suspended task's stack only changes when it runs, and then it is one of the running ones).
 */
export class AsyncStacks {
  private suspended: Array<StackTrace & { taskId: number }> = [];
  private fullSnapshot: AsyncioSnapshot | undefined;
  private lastFull = -Infinity;

  constructor(private readonly reader: AsyncioReader, private readonly includeIdle: boolean, private readonly refreshMs = SUSPENDED_REFRESH_MS) {}

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
      this.suspended = suspendedTraces(this.fullSnapshot, traces[0]?.pid ?? 0);
      this.fullSnapshot = undefined;
    }
    const running = new Set(snapshot?.tasks.filter((t) => t.threadId !== undefined).map((t) => t.id));
    for (const t of this.suspended) if (!running.has(t.taskId)) out.push(t);
    return out;
  }
}
