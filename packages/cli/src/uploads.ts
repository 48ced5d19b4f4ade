/**
 * The continuous uploads of `record` and `agent`: Pyroscope (--pyroscope) and OTLP profiles (--otlp),
 * either or both, fed the same traces. Their options are resolved (and so checked) before sampling
 * starts; each uploader has its own windows and queue (the shared machinery of @pyglass/pyroscope).
 */
import {
  OtlpUploader, PyroscopeUploader, resolveOptions, resolveOtlpOptions, type OtlpOptions, type ProcessDescription, type PyroscopeOptions,
} from '@pyglass/pyroscope';
import type { LineNo, StackTrace } from '@pyglass/model';
// for `record`, which loads this module (and the uploaders) only when it uploads
export { sanitizeServiceName } from '@pyglass/pyroscope';
import { otlpOptionsFrom, pyroscopeOptionsFrom, type PyroscopeFlags } from './commands/pyroscope-flags.js';

/** What both uploaders take from the command rather than from their flags. */
export interface UploadContext {
  /** Service name of each process (a fixed --app-name, or per process in the agent). */
  serviceName: (pid: number) => string;
  describeProcess: (pid: number) => ProcessDescription;
  sampleRate: number;
  wallTime: boolean;
  threadLabels: boolean;
  /** The sampler's Config.lineNo (`first` with --function, `none` with --nolineno). */
  lineNo?: LineNo | `${LineNo}` | undefined;
  userAgent: string;
  log: (line: string) => void;
}

/** The options of each upload asked for, checked; undefined members were not asked for. */
export interface UploadPlan {
  pyroscope?: PyroscopeOptions;
  otlp?: OtlpOptions;
}

/** Resolves the upload flags into checked options (throws the uploaders' typed option errors). */
export function planUploads(flags: PyroscopeFlags, context: UploadContext, fixedName?: string): UploadPlan {
  const plan: UploadPlan = {};
  const lines = { lineNo: context.lineNo };
  if (flags.pyroscope !== undefined) {
    plan.pyroscope = {
      ...pyroscopeOptionsFrom({ ...flags, pyroscope: flags.pyroscope }),
      appName: fixedName ?? context.serviceName,
      sampleRate: context.sampleRate,
      wallTime: context.wallTime,
      threadLabels: context.threadLabels,
      ...lines,
      userAgent: context.userAgent,
      describeProcess: context.describeProcess,
      log: context.log,
    };
    resolveOptions(plan.pyroscope);
  }
  if (flags.otlp !== undefined) {
    plan.otlp = {
      ...otlpOptionsFrom({ ...flags, otlp: flags.otlp }),
      serviceName: fixedName ?? context.serviceName,
      sampleRate: context.sampleRate,
      wallTime: context.wallTime,
      ...lines,
      userAgent: context.userAgent,
      describeProcess: context.describeProcess,
      log: context.log,
    };
    resolveOtlpOptions(plan.otlp);
  }
  return plan;
}

/** The running uploaders of a plan. */
export class Uploads {
  private readonly uploaders: Array<PyroscopeUploader | OtlpUploader> = [];

  constructor(plan: UploadPlan) {
    if (plan.pyroscope !== undefined) this.uploaders.push(new PyroscopeUploader(plan.pyroscope));
    if (plan.otlp !== undefined) this.uploaders.push(new OtlpUploader(plan.otlp));
    for (const u of this.uploaders) u.start();
  }

  get active(): boolean {
    return this.uploaders.length > 0;
  }

  /** Where the profiles go, for messages: `http://pyroscope:4040 and http://collector:4318 (OTLP)`. */
  get destinations(): string {
    return this.uploaders.map((u) => (u instanceof OtlpUploader ? `${u.options.endpoint.origin} (OTLP)` : u.options.baseUrl.origin)).join(' and ');
  }

  add(trace: StackTrace, timeMs: number): void {
    for (let i = 0; i < this.uploaders.length; i++) this.uploaders[i]!.add(trace, timeMs);
  }

  /** After close: the destinations that windows were sent to and none arrived at (every upload failed). */
  unreached: string[] = [];

  /** Sends the last windows (bounded waits, concurrently); resolves to each uploader's summary line. */
  async close(): Promise<string[]> {
    const uploaders = this.uploaders.splice(0);
    await Promise.all(uploaders.map((u) => u.close()));
    this.unreached = uploaders.filter((u) => u.stats.windows > 0 && u.stats.sent === 0).map((u) => destination(u));
    return uploaders.map((u) => u.summary());
  }
}

/** Where one uploader sends: `Pyroscope at http://pyroscope:4040`, `OTLP at http://collector:4318`. */
function destination(u: PyroscopeUploader | OtlpUploader): string {
  return u instanceof OtlpUploader ? `OTLP at ${u.options.endpoint.origin}` : `Pyroscope at ${u.options.baseUrl.origin}`;
}
