/**
 * The capture file's framing, record tags, metadata types and errors (the format is described in
 * the package README, "Capture file format").
 */
import { brandErrors } from '@pyglass/model';

/** First bytes of every capture: \x89 (not text), "PYGLCAP", then "\r\n" (catches newline conversion). */
export const CAPTURE_MAGIC = Uint8Array.from([0x89, 0x50, 0x59, 0x47, 0x4c, 0x43, 0x41, 0x50, 0x0d, 0x0a]);
/** The format version this package writes, and the newest it reads. */
export const CAPTURE_VERSION = 1;
/** File extension of captures. */
export const CAPTURE_EXTENSION = 'pyglass';

/** Chunk kinds (one byte in each chunk's header). */
export const ChunkKind = {
  /** JSON CaptureMetadata: always the first chunk. */
  Metadata: 1,
  /** Binary records: interned tables and samples, in time order. */
  Records: 2,
  /** JSON CaptureProcess: a process the record attached to (written when it is first sampled). */
  Process: 3,
  /** JSON CaptureSummary: written when the record ended normally; always the last chunk. */
  End: 4,
} as const;

/** Bytes of a chunk header: kind (u8), payload length (u32 LE), CRC-32 of the payload (u32 LE). */
export const CHUNK_HEADER_BYTES = 9;
/** Largest payload a reader accepts (a corrupt length must not make it allocate gigabytes). */
export const MAX_CHUNK_BYTES = 64 << 20;

/** Record tags inside a Records chunk (after inflating). */
export const Tag = {
  String: 1,
  Frame: 2,
  Stack: 3,
  Thread: 4,
  ProcessInfo: 5,
  Sample: 6,
} as const;

/** Bits of a Frame record's flags. */
export const FrameBits = { Entry: 1, ShimEntry: 2, HasShortFilename: 4, HasModule: 8 } as const;
/** Bits of a Sample record's flags. */
export const SampleBits = { Late: 1, FractionalTime: 2, Errors: 4 } as const;
/** Bits of a trace's flags inside a Sample record. */
export const TraceBits = {
  Active: 1, OwnsGil: 2, States: 4, Greenlet: 8, Span: 16, AsyncioTask: 32, ProcessInfo: 64,
} as const;

/** What the record was asked for: the options that decide what a rendering shows. */
export interface CaptureOptions {
  /** Samples per second asked for (-r). */
  rate: number;
  /** Which line the sampler reported per frame: the current line, the function's first line (--function), none (--nolineno). */
  lineNo: 'last-instruction' | 'first' | 'none';
  idle: boolean;
  gil: boolean;
  threads: boolean;
  subprocesses: boolean;
  native: boolean;
  nonblocking: boolean;
  async: boolean;
  greenlets: boolean;
  fullFilenames: boolean;
  /** --mode, when the record had one. */
  mode?: string | undefined;
  /** --gc, when the record had it. */
  gc?: boolean | undefined;
}

/** The first chunk: what was recorded, how, by whom. */
export interface CaptureMetadata {
  /** Version of the capture format (CAPTURE_VERSION when written by this package). */
  formatVersion: number;
  /** Version of the pyglass that recorded. */
  pyglassVersion: string;
  /** pyglass's own command line (argv after the node and script). */
  commandLine: string[];
  /** Title the outputs carry (flamegraph title, speedscope name): `pyglass …`. */
  title: string;
  /** The target: a pid (-p) or the program launched. */
  target: { pid?: number | undefined; program?: string[] | undefined };
  /** When recording started, ms since the epoch (chrometrace's ts origin, pprof's time_nanos). */
  startTime: number;
  options: CaptureOptions;
  /** The host's OS (process.platform) and architecture. */
  platform: string;
  arch: string;
}

/** A process the record sampled: its Python, as read when it was attached. */
export interface CaptureProcess {
  pid: number;
  /** Parent process id (subprocess mode), when known. */
  ppid?: number | undefined;
  commandLine: string[];
  /** "3.12.1" */
  pythonVersion?: string | undefined;
  /** The Python executable as the target sees it. */
  executable?: string | undefined;
  /** "free-threaded" or "default" (GIL). */
  build?: 'default' | 'free-threaded' | undefined;
  /** Bits of ThreadStates this interpreter can report (undefined: not known). */
  stateSupport?: number | undefined;
  /** When it was first sampled, ms since the epoch. */
  firstSeen: number;
}

/** The last chunk, written when the record ends normally. */
export interface CaptureSummary {
  /** When recording ended, ms since the epoch. */
  endTime: number;
  /** Sampling intervals (Sample records). */
  intervals: number;
  /** Stack traces recorded (all threads, before any filter). */
  traces: number;
  /** Intervals taken more than one interval late, and the worst delay in ms. */
  lateIntervals: number;
  maxLateMs: number;
  /** Sampling errors reported by the sampler. */
  samplingErrors: number;
  /** Intervals per second achieved over the record. */
  achievedRate: number;
  /** Why recording stopped ("process exited", "Control-C pressed", "the duration ended"). */
  stopReason: string;
}

/** Why a file could not be read as a capture. */
export type CaptureErrorKind = 'not-a-capture' | 'newer-version' | 'corrupt' | 'unreadable';

/** A file that is not a capture, a damaged one, or one from a newer format version. */
export class CaptureError extends Error {
  constructor(readonly kind: CaptureErrorKind, message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/exporters', { CaptureError });

/** True for a CaptureError (by brand: works across copies of this package). */
export function isCaptureError(error: unknown): error is CaptureError {
  return error instanceof CaptureError;
}

/** What a record knows beyond the samples (the CLI gives it; a library caller may leave it out). */
export interface CaptureRecording {
  /** pyglass's argv, the target, the record's options (those not in RecorderOptions). */
  commandLine: string[];
  target: CaptureMetadata['target'];
  options: Omit<CaptureOptions, 'rate' | 'lineNo' | 'idle' | 'gil' | 'threads'>;
  /** Version of the recording pyglass (default: this package's). */
  pyglassVersion?: string | undefined;
  /** Describes a process when it is first sampled (its Python version, build…). */
  describeProcess?(pid: number, time: number): CaptureProcess;
  /** Why and when recording stopped, asked at finish(). */
  ended?(): { stopReason: string; endTime: number };
}
