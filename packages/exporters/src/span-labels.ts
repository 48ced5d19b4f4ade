/**
 * pprof labels of a sample taken inside an OpenTelemetry span, named and formatted as Grafana
 * Pyroscope's span profiles expect them (lowercase hex: 16 digits for a span id, 32 for a trace id).
 * A module of its own: the Pyroscope label checks (loaded with the CLI's flags) need the names
 * without the pprof writer.
 */
export const SPAN_LABELS = { spanId: 'span_id', spanName: 'span_name', traceId: 'trace_id' } as const;
