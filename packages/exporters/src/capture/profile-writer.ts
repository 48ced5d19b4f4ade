/**
 * The capture as an output format: whole samples in, the file written incrementally through the
 * sink (a chunk every quarter second of sample time, so a killed record loses at most its last
 * quarter second, and a reader following the file sees samples soon), the end chunk at finish().
 * The record filters are not applied: they are kept in the metadata, and `pyglass convert` applies
 * them when it renders.
 */
import { LineNo, type Sample } from '@pyglass/model';
import type { ExportOptions, FormatEntry } from '../format.js';
import { exportersVersion } from '../options.js';
import { CAPTURE_EXTENSION } from './format.js';

export type { CaptureRecording } from './format.js';
import { CaptureWriter } from './writer.js';

export interface CaptureWriterOptions extends ExportOptions {
  /** Longest stretch of sample time kept in memory before a chunk goes to the sink, ms (default 250). */
  flushIntervalMs?: number | undefined;
}

/** Writes a capture from whole samples (see the module comment). */
export class CaptureProfileWriter {
  readonly format = 'capture' as const;
  private readonly writer: CaptureWriter;
  private readonly parts: Uint8Array[] = [];
  private lastFlush: number | undefined;
  private firstTime: number | undefined;
  private lastTime: number | undefined;
  private readonly flushIntervalMs: number;
  private readonly lateMs: number;

  constructor(private readonly options: CaptureWriterOptions) {
    const r = options.recording;
    const lineNo: `${LineNo}` = options.lineNo ?? LineNo.LastInstruction;
    this.writer = new CaptureWriter({
      pyglassVersion: r?.pyglassVersion ?? exportersVersion(),
      commandLine: r?.commandLine ?? [],
      title: options.title ?? '',
      target: r?.target ?? {},
      startTime: options.startTime ?? Date.now(),
      options: {
        subprocesses: false, native: false, nonblocking: false, async: false, greenlets: false, fullFilenames: false,
        ...r?.options,
        rate: options.sampleRate, lineNo, idle: options.includeIdle ?? false,
        gil: options.gilOnly ?? false, threads: options.includeThreadIds,
      },
      platform: process.platform,
      arch: process.arch,
    });
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.lateMs = 1000 / options.sampleRate;
    this.emit(this.writer.header());
  }

  /** Samples (Sample records) written so far. */
  get samples(): number {
    return this.writer.intervals;
  }

  add(sample: Sample): void {
    const w = this.writer;
    for (const pid of w.newPids(sample)) {
      const info = this.options.recording?.describeProcess?.(pid, sample.time) ?? { pid, commandLine: [], firstSeen: sample.time };
      this.emit(w.process(info));
    }
    w.add(sample);
    if (sample.late !== undefined && sample.late > this.lateMs) w.noteLate(sample.late);
    this.firstTime ??= sample.time;
    this.lastTime = sample.time;
    this.lastFlush ??= sample.time;
    if (sample.time - this.lastFlush >= this.flushIntervalMs) this.flush(sample.time);
  }

  /** Sends what is buffered to the sink now. */
  flush(now = this.lastTime ?? 0): void {
    this.lastFlush = now;
    const chunk = this.writer.flush();
    if (chunk.length > 0) this.emit(chunk);
  }

  finish(): Uint8Array {
    const ended = this.options.recording?.ended?.() ?? { stopReason: 'the samples ended', endTime: this.lastTime ?? this.options.startTime ?? 0 };
    const span = this.firstTime !== undefined && this.lastTime !== undefined ? (this.lastTime - this.firstTime) / 1000 : 0;
    const achievedRate = span > 0 ? (this.writer.intervals - 1) / span : 0;
    this.emit(this.writer.end({ ...ended, achievedRate }));
    if (this.options.sink !== undefined) return new Uint8Array(0);
    const out = Buffer.concat(this.parts);
    this.parts.length = 0;
    return out;
  }

  private emit(bytes: Uint8Array): void {
    const sink = this.options.sink;
    if (sink !== undefined) sink(bytes);
    else this.parts.push(bytes);
  }
}

/** The registry entry of `-f capture`. */
export const captureFormat: FormatEntry = {
  extensions: [CAPTURE_EXTENSION],
  binary: true,
  incremental: true,
  runStates: true,
  description: "every sample, whole, with the record's metadata: render it later with pyglass convert",
  wrote: 'capture',
  viewHint: (file) => `Render it with: pyglass convert ${file ?? 'FILE'} -f FORMAT`,
  create: (options) => new CaptureProfileWriter(options),
};
