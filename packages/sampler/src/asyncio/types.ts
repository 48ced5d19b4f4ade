/** What the asyncio reader returns: tasks, their states and the snapshot of one sample. */
import type { Frame, SpanRef } from '../types.js';
import { brandErrors } from '@pyglass/model';

/** How far an asyncio task got. */
export type AsyncioTaskState = 'pending' | 'running' | 'done' | 'cancelled';

/** One asyncio task of the target, as read in one sample. */
export interface AsyncioTask {
  /** Address of the task object (what CPython's `python -m asyncio ps` calls the task id). */
  id: number;
  /** `task.get_name()`; undefined on 3.7 (tasks have no names there). */
  name: string | undefined;
  state: AsyncioTaskState;
  /** The Python thread id (threading.get_ident()) of the thread running this task right now. */
  threadId?: number | undefined;
  /** The OS thread id of that thread, when known. */
  osThreadId?: number | undefined;
  /**
   * The task's own stack, innermost first: for a suspended task its chain of awaiting coroutines (ending
   * at the await it is suspended in); for a running task the thread's frames from the innermost one up
   * to the task's coroutine.
   */
  coroutineStack: Frame[];
  /** Ids of the tasks waiting for this one (gather, TaskGroup, shield, wait, await task, …). */
  awaitedBy: number[];
  /** Ids of the tasks this one waits for. */
  awaits: number[];
  /** True for pure-Python tasks (`asyncio.tasks._PyTask` and subclasses). */
  pure: boolean;
  /** Address of the contextvars context the task's steps run in (`task_context` / `_context`). */
  context?: number | undefined;
  /** The OpenTelemetry span active in that context, when spans are read (otelSpans). */
  span?: SpanRef | undefined;
}

/** Every task of the target in one sample, and how many could not be read (torn by a running target). */
export interface AsyncioSnapshot {
  tasks: AsyncioTask[];
  /** Tasks dropped because their memory changed while it was read (nonblocking) or was not a task. */
  unreadable: number;
  /** Why no task could be read at all (asyncio not imported yet, or a CPython before 3.7). */
  none?: string | undefined;
}

/** asyncio tasks of a sample whose memory changed while they were read (nonblocking): left out, counted as a sampling error. */
export class AsyncioTasksChanged extends Error {
  override readonly name = 'AsyncioTasksChanged';
  constructor(readonly pid: number, readonly count: number) {
    super(`${count} asyncio task(s) of process ${pid} changed while they were read and were left out of the sample`);
  }
}
// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/sampler', { AsyncioTasksChanged });
