/**
 * The value types of the commands' published option interfaces (RecordOptions, TopOptions, …).
 * The `pyglass` package bundles @pyglass/exporters and @pyglass/pyroscope but does not depend on
 * them, so the declarations it ships must not import them: these types stand in for theirs, and
 * option-types-check.ts fails the build if they ever differ.
 */
import type { formats } from '../gen/format-names.js';

/** An output format's name (@pyglass/exporters' `Format`, from the build's copy of its registry's names). */
export type OutputFormatName = (typeof formats)[number];

/** A record mode (@pyglass/exporters' `SampleMode`). */
export type SampleModeName = 'wall' | 'cpu' | 'gil';

/** The parsed Pyroscope and OTLP flags of `record` and `agent`. */
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
