/**
 * The one raw-thread → StackTrace step, shared by the live reader (spy.ts) and the core reader
 * (core.ts): thread names from the target's `threading` module, and the trace's fields.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import type { ObjectReader } from '../objects/objects.js';
import type { RawThread, StackReader } from '../read/stack-reader.js';
import { ThreadNames } from './thread-names.js';
import type { Frame, SpanRef, StackTrace } from '../types.js';

export class StackTraces {
  private readonly names = new ThreadNames();

  constructor(
    private readonly pid: number,
    private readonly stacks: StackReader,
    private readonly objs: ObjectReader,
    private readonly layout: PythonLayout,
  ) {}

  /** Call after each read (the target may still run): reads the names of threads not named yet. */
  nameThreads(raw: RawThread[]): void {
    this.names.update(this.objs, this.layout, this.stacks.lastInterpreters(), raw);
  }

  /** The trace of thread `t` (`frames`: its Python frames, or them merged with native ones). */
  of(t: RawThread, osThreadId: number | undefined, active: boolean, frames: Frame[], states?: number, span?: SpanRef): StackTrace {
    const trace: StackTrace = {
      pid: this.pid, threadId: t.threadId, threadName: this.names.lookup(t.interpreterId, t.threadId), osThreadId, active,
      ownsGil: t.ownsGil, frames, processInfo: undefined, interpreterId: t.interpreterId,
    };
    if (states !== undefined) trace.states = states;
    if (span) trace.span = span;
    return trace;
  }
}
