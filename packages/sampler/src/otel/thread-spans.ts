/**
 * Span-linked samples for one target: waits (sys.modules looked at once a second) until the target has
 * imported OpenTelemetry's context API, then reads every sampled thread's active span in the same
 * pause as its stack (a thread running an asyncio task has the task's context entered, so that is the
 * task's span).
 */
import type { ContextvarsLayout, PythonLayout } from '@pyglass/cpython-layouts';
import type { SpanRef } from '@pyglass/model';
import type { AsyncioTask } from '../asyncio/types.js';
import { isUnreadable, type ObjectReader } from '../objects/objects.js';
import type { RawRead } from '../read/stack-reader.js';
import { OTEL_CONTEXT_MODULE, OtelSpanReader, type SpanRead } from './spans.js';

/** How often sys.modules is looked at while the target has not imported OpenTelemetry. */
const IMPORT_CHECK_MS = 1000;
/**
 * Between these, a look-up is skipped while sys.modules had no key added (its keys object and entry
 * count unchanged): a scan reads every module name, one page each (~25 ms for Flask's ~500 modules on
 * a loaded machine), which in a tree of 100 processes was a tenth of the sampler's CPU. The full scan
 * still comes this often, in case a keys object freed and another allocated at its address hid an
 * import (CPython's allocator reuses addresses).
 */
const FULL_CHECK_MS = 10_000;

export class OtelSpans {
  /** See IMPORT_CHECK_MS and FULL_CHECK_MS (tests set them to look at every sample, or never in full). */
  importCheckMs = IMPORT_CHECK_MS;
  fullCheckMs = FULL_CHECK_MS;
  private reader: OtelSpanReader | undefined;
  private lastCheck = -Infinity;
  private lastFullCheck = -Infinity;
  /** sys.modules's keys object and used entries at the last scan (see FULL_CHECK_MS). */
  private modulesSeen: { keys: number; entries: number } | undefined;
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
    if (now - this.lastCheck < this.importCheckMs) return false;
    this.lastCheck = now;
    const o = this.objs;
    try {
      const modules = o.ptr(this.interp + L.interpreter_state.imports_modules);
      if (!modules) return false;
      const seen = o.dictInsertions(modules);
      const last = this.modulesSeen;
      if (seen && last && seen.keys === last.keys && seen.entries === last.entries && now - this.lastFullCheck < this.fullCheckMs) return false;
      this.modulesSeen = seen;
      this.lastFullCheck = now;
      if (!o.dictGet(modules, OTEL_CONTEXT_MODULE)) return false;
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
