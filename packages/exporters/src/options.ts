import { readFileSync } from 'node:fs';

/** Output formats, in the order the CLI lists them. */
export const formats = ['flamegraph', 'speedscope', 'raw', 'chrometrace', 'pprof'] as const;
export type Format = (typeof formats)[number];

/** Which line number the sampler reported for each frame (mirrors the sampler's LineNo values). */
export type LineNoMode = 'last-instruction' | 'first' | 'none';

/** Options shared by every recorder. */
export interface RecorderOptions {
  /** Samples per second the sampler was asked for (weights, pprof period). */
  sampleRate: number;
  /** Show line numbers in labels / frames (false with --nolineno). */
  showLineNumbers: boolean;
  /** 'first' (--function): lines are function start lines; 'none' behaves like showLineNumbers false. */
  lineNo?: LineNoMode | undefined;
  /** --threads: add a root frame per thread to every stack. */
  includeThreadIds: boolean;
  /** --idle: idle traces are recorded (pprof reports `wall` instead of `cpu`). */
  includeIdle?: boolean | undefined;
  /** Title (the command line): flamegraph title, speedscope name. */
  title?: string | undefined;
  /** Start of the recording, ms since the epoch (chrometrace ts origin, pprof time_nanos). Default: first sample's time. */
  startTime?: number | undefined;
  /** chrometrace only: receives the output incrementally; finish() then returns an empty array. */
  sink?: ((chunk: string) => void) | undefined;
}

/** File extension py-spy (and pyglass) use for each format. */
export function formatExtension(format: Format): string {
  switch (format) {
    case 'flamegraph':
      return 'svg';
    case 'speedscope':
      return 'json';
    case 'raw':
      return 'txt';
    case 'chrometrace':
      return 'json';
    case 'pprof':
      return 'pb.gz';
  }
}

/** True for formats whose output is binary (pprof: gzip'd protobuf), not text a terminal can show. */
export function isBinaryFormat(format: Format): boolean {
  return format === 'pprof';
}

export function isFormat(value: string): value is Format {
  return (formats as readonly string[]).includes(value);
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
export function showsLines(options: Pick<RecorderOptions, 'showLineNumbers' | 'lineNo'>): boolean {
  return options.showLineNumbers && options.lineNo !== 'none';
}

/** Raised for invalid recorder options (unknown format, bad rate). */
export class ExporterOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExporterOptionsError';
  }
}

export function checkOptions(options: RecorderOptions): void {
  if (!(options.sampleRate > 0) || !Number.isFinite(options.sampleRate)) {
    throw new ExporterOptionsError(`invalid sample rate ${String(options.sampleRate)}: pass a positive number of samples per second.`);
  }
}
