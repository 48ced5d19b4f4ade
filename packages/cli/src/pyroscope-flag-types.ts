/**
 * The parsed Pyroscope flags of `record --pyroscope` and `agent` (parsers in pyroscope-flags.ts). A
 * module of its own so that the published declarations of the option types need no @pyglass/pyroscope.
 */
export interface PyroscopeFlags {
  pyroscope?: string;
  appName?: string;
  tag: Array<[string, string]>;
  uploadInterval: number;
  uploadTimeout: number;
  tenantId?: string;
  basicAuth?: string;
  authToken?: string;
  pyroscopeApi: 'ingest' | 'push';
  maxQueuedWindows: number;
  maxQueueMb: number;
}
