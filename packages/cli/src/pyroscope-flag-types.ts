/**
 * The parsed Pyroscope flags of `record --pyroscope` and `agent` (parsers in pyroscope-flags.ts). A
 * module of its own so that the published declarations of the option types need no @pyglass/pyroscope.
 */
export interface PyroscopeFlags {
  pyroscope?: string;
  appName?: string;
  tag: Array<[string, string]>;
  uploadInterval: number;
  /** Unset: 10 s, or for OTLP the OTEL_EXPORTER_OTLP_*TIMEOUT variables. */
  uploadTimeout?: number;
  tenantId?: string;
  basicAuth?: string;
  authToken?: string;
  pyroscopeApi: 'ingest' | 'push';
  maxQueuedWindows: number;
  maxQueueMb: number;
  /** --otlp [URL]: a base URL, or true to take the endpoint from OTEL_EXPORTER_OTLP_* variables. */
  otlp?: string | true;
  /** --otlp-header NAME=VALUE (repeatable). */
  otlpHeader: Array<[string, string]>;
}
