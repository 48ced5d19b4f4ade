/**
 * Async-aware stacks (`record --async`, `top --async`): a thread running a task is attributed to the
 * task's logical stack (its own frames, then the coroutine stacks of the tasks awaiting it, out to
 * the task nobody awaits), leaving out the event-loop machinery the task runs under. Suspended tasks
 * can also be reported, each as an idle "thread" whose stack is its logical stack at its await point.
 */
import type { Frame, StackTrace } from '../types.js';
import type { AsyncioSnapshot, AsyncioTask } from './types.js';

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
    return task ? { ...trace, frames: logicalStack(task, byId) } : trace;
  });
  if (!suspended) return out;
  const pid = traces[0]?.pid ?? 0;
  for (const t of snapshot.tasks) {
    if (t.state !== 'pending' || t.coroutineStack.length === 0) continue;
    out.push({
      pid, threadId: 0, threadName: `task ${t.name ?? `0x${t.id.toString(16)}`}`, osThreadId: undefined,
      active: false, ownsGil: false, frames: logicalStack(t, byId), processInfo: undefined,
    });
  }
  return out;
}
