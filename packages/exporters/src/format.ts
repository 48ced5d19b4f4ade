/**
 * What an output format is: the one shape every entry of the registry (./registry.ts) has. A format
 * is given whole samples (time, every thread, idle ones included, thread states) and the record
 * filters; the classic formats keep only the traces that pass the filters (./classic.ts).
 */
import type { Sample } from '@pyglass/model';
import type { CaptureRecording } from './capture/format.js';
import { traceFilter, type SampleMode, type TraceFilter } from './trace-filter.js';
import type { RecorderOptions } from './options.js';

/** Everything a format is given: the recorder options and the record filters (--idle is `includeIdle`). */
export interface ExportOptions extends RecorderOptions {
  /** Keep only the GIL holder's traces (--gil). Default false. */
  gilOnly?: boolean | undefined;
  /** --mode: what a sample counts (see trace-filter.ts). */
  mode?: SampleMode | undefined;
  /** --gc: `<GC>` frames on top of stacks sampled during a collection. */
  gc?: boolean | undefined;
  /** What the record knows of a process when it is first sampled, for the formats that show it (html). */
  describeProcess?: ((pid: number) => ProcessDescription) | undefined;
  /**
   * Where a path as process `pid` sees it opens from here, for the formats that read the target's files
   * (html's source lines): its root may not be ours (a container, a chroot). The CLI gives memory-reader's
   * resolver; without one, the path itself.
   */
  hostPath?: ((pid: number, path: string) => string) | undefined;
  /** The command line of a process, when known (Firefox names each process's group of tracks by it). */
  processName?: ((pid: number) => string | undefined) | undefined;
  /** What the run knows beyond the samples (the capture's metadata); without it, what the options say. */
  recording?: CaptureRecording | undefined;
}

/** A sampled process as the record knows it (each field when known). */
export interface ProcessDescription {
  commandLine?: string[] | undefined;
  /** "3.12.1" */
  pythonVersion?: string | undefined;
}

/** One output being written: whole samples in, the file's bytes out. */
export interface ProfileWriter {
  /** One sample as the sampler produced it. */
  add(sample: Sample): void;
  /** Ends the output and returns the bytes not yet given to the options' sink (all of them without a sink). */
  finish(): Uint8Array;
}

/** One output format: one module exports it, one line of ./registry.ts registers it. */
export interface FormatEntry {
  /** File extensions without the dot, the default (py-spy's) first: `formatForPath` and default file names. */
  readonly extensions: readonly string[];
  /** Binary output (the CLI refuses to write it to a terminal). */
  readonly binary: boolean;
  /**
   * Written at its own path as it goes, so that what a run cut short wrote stays readable (the capture);
   * other outputs are written whole, under a temporary name renamed at the end. Default false.
   */
  readonly incremental?: boolean;
  /**
   * The output shows each thread's run state (`StackTrace.active`, the on-CPU and GIL-wait bits of
   * `states`), which the sampler then reads from the kernel every sample (see `needsRunStates`).
   */
  readonly runStates: boolean;
  /** One line for `--help` and the README. */
  readonly description: string;
  /** What `record` says it wrote: "Wrote {wrote} to {where}." */
  readonly wrote: string;
  /** A line telling how to view the output; `file` is undefined when it went to standard output. */
  viewHint?(file: string | undefined): string | undefined;
  /** Opens a writer for one output. */
  create(options: ExportOptions): ProfileWriter;
}

/** The record filters in `options`, with their defaults. */
export function traceFilterOf(options: ExportOptions): TraceFilter {
  return traceFilter({ idle: options.includeIdle, gil: options.gilOnly, mode: options.mode, gc: options.gc });
}
