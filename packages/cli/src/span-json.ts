/** The OpenTelemetry span of a thread or task as `dump --json` prints it. */
import type { SpanRef } from '@pyglass/model';

/** A SpanRef as dump --json prints it (snake case, null for what is unknown). */
export function spanToJson(span: SpanRef): unknown {
  return {
    trace_id: span.traceId, span_id: span.spanId, name: span.name ?? null,
    local_root: span.localRoot ? { span_id: span.localRoot.spanId, name: span.localRoot.name ?? null } : null,
  };
}
