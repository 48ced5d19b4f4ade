/**
 * Span-linked samples for one target: waits (one sys.modules look-up a second) until the target has
 * imported OpenTelemetry's context API, then reads every sampled thread's active span in the same
 * pause as its stack (a thread running an asyncio task has the task's context entered, so that is the
 * task's span).
 */
import type { ContextvarsLayout, PythonLayout } from '@pyglass/cpython-layouts';
import type { SpanRef } from '@pyglass/model';
import type { AsyncioTask } from '../asyncio/types.js';
import { isUnreadable, type ObjectReader } from '../objects.js';
import type { RawRead } from '../reader.js';
import { OTEL_CONTEXT_MODULE, OtelSpanReader, type SpanRead } from './spans.js';

/** How often sys.modules is looked at while the target has not imported OpenTelemetry. */
const IMPORT_CHECK_MS = 1000;

export class OtelSpans {
  private reader: OtelSpanReader | undefined;
  private lastCheck = -Infinity;
  /** Why no span is read (for dump and diagnostics); undefined once OpenTelemetry was found. */
  none: string | undefined = `${OTEL_CONTEXT_MODULE} is not imported`;

  /** The target's layout when it has contextvars (3.7+). */
  private readonly layout: ContextvarsLayout | undefined;

  constructor(private readonly objs: ObjectReader, L: PythonLayout, private readonly interp: number) {
    this.layout = L.contextvars ? L : undefined;
    if (!this.layout) this.none = `contextvars need CPython 3.7+ (this is ${L.major}.${L.minor})`;
  }

  /** True once the target has imported OpenTelemetry (checked at most once a second until then). */
  active(): boolean {
    if (this.reader) return true;
    const L = this.layout;
    if (!L) return false;
    const now = performance.now();
    if (now - this.lastCheck < IMPORT_CHECK_MS) return false;
    this.lastCheck = now;
    const o = this.objs;
    try {
      const modules = o.ptr(this.interp + L.interpreter_state.imports_modules);
      if (!modules || !o.dictGet(modules, OTEL_CONTEXT_MODULE)) return false;
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return false;
    }
    this.reader = new OtelSpanReader(o, L);
    this.none = undefined;
    return true;
  }

  /**
   * Call paused, right after the stacks were read: each thread's span, parallel to `raw.threads`
   * (undefined when OpenTelemetry is not imported yet).
   */
  read(raw: RawRead): Array<SpanRef | undefined> | undefined {
    if (!this.active()) return undefined;
    const r = this.reader!;
    r.beginSample();
    let reads: Array<SpanRead | undefined>;
    try {
      reads = raw.threads.map((t) => (t.error ? undefined : r.spanOfThread(t.tstate)));
    } finally {
      r.endSample();
    }
    // every span of the sample is known now: a span's local root may be another thread's active span
    return reads.map((s) => (s ? r.ref(s) : undefined));
  }

  /** Call paused: sets `span` on every task that is not running whose context holds one (suspended tasks' traces carry it). */
  labelTasks(tasks: AsyncioTask[]): void {
    if (!this.active()) return;
    const r = this.reader!;
    const reads = tasks.map((t) => (t.context && t.state !== 'running' ? r.spanOf(t.context) : undefined));
    tasks.forEach((t, i) => {
      const s = reads[i];
      if (s) t.span = r.ref(s);
    });
  }
}
