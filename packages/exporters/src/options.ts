import { readFileSync } from 'node:fs';
import { brandErrors, LineNo } from '@pyglass/model';

/** Options shared by every recorder. */
export interface RecorderOptions {
  /** Samples per second the sampler was asked for (weights, pprof period). */
  sampleRate: number;
  /**
   * The line numbers the sampler reported (Config.lineNo): `LineNo.First` (--function) makes them function start
   * lines (pprof start_line); `LineNo.NoLine` (--nolineno) shows none. Default `LineNo.LastInstruction`. The enum's
   * string values ('first', …) are accepted too, for JavaScript callers.
   */
  lineNo?: LineNo | `${LineNo}` | undefined;
  /** --threads: add a root frame per thread to every stack. */
  includeThreadIds: boolean;
  /** --idle: idle traces are recorded (pprof reports `wall` instead of `cpu`). */
  includeIdle?: boolean | undefined;
  /** Title (the command line): flamegraph title, speedscope name. */
  title?: string | undefined;
  /** Start of the recording, ms since the epoch (chrometrace ts origin, pprof time_nanos). Default: first sample's time. */
  startTime?: number | undefined;
  /** Receives the output of a format that streams (chrometrace) as it is produced; finish() returns only the rest. */
  sink?: ((chunk: string | Uint8Array) => void) | undefined;
}

let cachedVersion: string | undefined;

/** The version of this package, read from its package.json (exporter field of speedscope files). */
export function exportersVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cachedVersion;
}

/** True when labels and frames carry line numbers. */
export function showsLines(options: Pick<RecorderOptions, 'lineNo'>): boolean {
  return options.lineNo !== LineNo.NoLine;
}

/** Raised for invalid recorder options (unknown format, bad rate). */
export class ExporterOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExporterOptionsError';
  }
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/exporters', { ExporterOptionsError });

export function checkOptions(options: RecorderOptions): void {
  if (!(options.sampleRate > 0) || !Number.isFinite(options.sampleRate)) {
    throw new ExporterOptionsError(`invalid sample rate ${String(options.sampleRate)}: pass a positive number of samples per second.`);
  }
}
