/**
 * Writes a capture: every sample, whole, in time order. Strings, frames, stacks (a trie of
 * (parent, frame) nodes), threads and process roots are interned: each is defined once, in a record
 * placed before its first use, and referred to by a dense id afterwards. Sample times are deltas.
 * Records accumulate in memory until `flush()`, which returns one zlib-compressed, CRC-checked chunk
 * for the caller to append to the file: a reader can use every complete chunk, so a profiler killed
 * between flushes loses only what it had not flushed.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { Frame, ProcessInfo, Sample, StackTrace } from '@pyglass/model';
import { BinaryWriter } from './binary.js';
import {
  CAPTURE_MAGIC, CAPTURE_VERSION, CHUNK_HEADER_BYTES, ChunkKind, FrameBits, SampleBits, Tag, TraceBits,
  type CaptureMetadata, type CaptureProcess, type CaptureSummary,
} from './format.js';

interface ThreadKeyed {
  id: number;
  pid: number;
  threadId: number;
  osThreadId: number | undefined;
  name: string | undefined;
  interpreterId: number | undefined;
  /** Fast path: the previous trace's Frame objects and contents, and its stack id. */
  prevFrames: Frame[];
  prevLines: number[];
  prevNames: string[];
  prevFiles: string[];
  prevStack: number;
}

interface FrameRef {
  id: number;
  name: string;
  filename: string;
  line: number;
}

/** Compresses and frames one chunk: kind, payload length, CRC-32 of the payload, payload. */
export function encodeChunk(kind: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CHUNK_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out[0] = kind;
  view.setUint32(1, payload.length, true);
  view.setUint32(5, crc32(payload) >>> 0, true);
  out.set(payload, CHUNK_HEADER_BYTES);
  return out;
}

function jsonChunk(kind: number, value: unknown): Uint8Array {
  return encodeChunk(kind, deflateSync(Buffer.from(JSON.stringify(value))));
}

/** Incremental capture encoder; the caller owns the file (see the class comment). */
export class CaptureWriter {
  private readonly out = new BinaryWriter();
  private readonly body = new BinaryWriter();
  private readonly strings = new Map<string, number>();
  private readonly framesByObject = new WeakMap<Frame, FrameRef>();
  private readonly framesByKey = new Map<string, number>();
  private frameCount = 0;
  /** Children of each stack node: stackChildren[node + 1] maps frame id → child (index 0: the roots). */
  private readonly stackChildren: Array<Map<number, number>> = [new Map()];
  private readonly threads = new Map<string, ThreadKeyed>();
  /** The thread last seen with each Python thread id (the usual hit). */
  private readonly byThreadId = new Map<number, ThreadKeyed>();
  private readonly processInfos = new WeakMap<ProcessInfo, number>();
  private readonly processInfoByKey = new Map<string, number>();
  private processInfoCount = 0;
  private lastTime = 0;
  private pendingSamples = 0;
  private readonly seenPids = new Set<number>();
  /** Totals, for the summary. */
  intervals = 0;
  traces = 0;
  samplingErrors = 0;
  lateIntervals = 0;
  maxLateMs = 0;

  constructor(readonly metadata: Omit<CaptureMetadata, 'formatVersion'>) {
    this.lastTime = Math.round(metadata.startTime);
  }

  /** The file's first bytes: magic, format version, metadata chunk. */
  header(): Uint8Array {
    const w = new BinaryWriter().raw(CAPTURE_MAGIC).uint(CAPTURE_VERSION);
    w.raw(jsonChunk(ChunkKind.Metadata, { ...this.metadata, formatVersion: CAPTURE_VERSION } satisfies CaptureMetadata));
    return w.take();
  }

  /** Pids seen in samples for which no process chunk was written yet (the caller describes them with `process()`). */
  newPids(sample: Sample): number[] {
    let out: number[] | undefined;
    for (const t of sample.traces) {
      if (!this.seenPids.has(t.pid)) {
        this.seenPids.add(t.pid);
        (out ??= []).push(t.pid);
      }
    }
    return out ?? [];
  }

  /** A process chunk (not buffered: written at once, before the samples that use it are flushed). */
  process(info: CaptureProcess): Uint8Array {
    this.seenPids.add(info.pid);
    return jsonChunk(ChunkKind.Process, info);
  }

  /** Buffers one sample. */
  add(sample: Sample): void {
    const body = this.body;
    let flags = 0;
    const time = sample.time;
    const fractional = !Number.isInteger(time);
    if (fractional) flags |= SampleBits.FractionalTime;
    if (sample.late !== undefined) flags |= SampleBits.Late;
    const errors = sample.samplingErrors;
    if (errors !== undefined && errors.length > 0) flags |= SampleBits.Errors;
    body.uint(flags);
    if (fractional) body.float64(time);
    else {
      body.sint(time - this.lastTime);
      this.lastTime = time;
    }
    // late: whole microseconds, the sampler's own precision (Sample.late), so it reads back exactly
    if (sample.late !== undefined) body.uint(Math.max(0, Math.round(sample.late * 1000)));
    this.intervals++;
    const traces = sample.traces;
    body.uint(traces.length);
    for (let i = 0; i < traces.length; i++) this.trace(traces[i]!);
    this.traces += traces.length;
    if (errors !== undefined && errors.length > 0) {
      body.uint(errors.length);
      for (const e of errors) {
        body.uint(e.pid).uint(this.string(e.error.name)).uint(this.string(e.error.message));
      }
      this.samplingErrors += errors.length;
    }
    // definitions went to `out` while the body was encoded: they precede the sample
    this.out.uint(Tag.Sample).drain(body);
    this.pendingSamples++;
  }

  /** Counts a late interval (the CLI decides what counts as late, by its rate). */
  noteLate(lateMs: number): void {
    this.lateIntervals++;
    if (lateMs > this.maxLateMs) this.maxLateMs = lateMs;
  }

  /** Samples buffered since the last flush. */
  get pending(): number {
    return this.pendingSamples;
  }

  /** The buffered records as one chunk (empty when nothing is buffered). */
  flush(): Uint8Array {
    if (this.out.length === 0) return new Uint8Array(0);
    this.pendingSamples = 0;
    return encodeChunk(ChunkKind.Records, deflateSync(this.out.take()));
  }

  /** The buffered records and the end chunk: the file is complete after these bytes. */
  end(summary: Omit<CaptureSummary, 'intervals' | 'traces' | 'samplingErrors' | 'lateIntervals' | 'maxLateMs'>): Uint8Array {
    const records = this.flush();
    const full: CaptureSummary = {
      ...summary, intervals: this.intervals, traces: this.traces, samplingErrors: this.samplingErrors,
      lateIntervals: this.lateIntervals, maxLateMs: this.maxLateMs,
    };
    const end = jsonChunk(ChunkKind.End, full);
    const both = new Uint8Array(records.length + end.length);
    both.set(records);
    both.set(end, records.length);
    return both;
  }

  private trace(trace: StackTrace): void {
    const body = this.body;
    const t = this.thread(trace);
    body.uint(t.id);
    body.uint(this.stack(trace.frames, t));
    let flags = 0;
    if (trace.active) flags |= TraceBits.Active;
    if (trace.ownsGil) flags |= TraceBits.OwnsGil;
    if (trace.states !== undefined) flags |= TraceBits.States;
    if (trace.greenlet !== undefined) flags |= TraceBits.Greenlet;
    if (trace.span !== undefined) flags |= TraceBits.Span;
    if (trace.asyncioTask !== undefined) flags |= TraceBits.AsyncioTask;
    if (trace.processInfo !== undefined) flags |= TraceBits.ProcessInfo;
    body.uint(flags);
    if (trace.states !== undefined) body.uint(trace.states);
    const g = trace.greenlet;
    if (g !== undefined) body.uint(g.address).uint((g.running ? 1 : 0) | (g.main ? 2 : 0)).uint(this.string(g.typeName));
    const s = trace.span;
    if (s !== undefined) {
      body.uint(this.string(s.traceId)).uint(this.string(s.spanId)).uint(this.optString(s.name));
      body.uint(this.optString(s.localRoot?.spanId)).uint(this.optString(s.localRoot?.name));
    }
    const task = trace.asyncioTask;
    if (task !== undefined) body.uint(task.id).uint(this.optString(task.name));
    if (trace.processInfo !== undefined) body.uint(this.processInfo(trace.processInfo));
  }

  private string(value: string): number {
    let id = this.strings.get(value);
    if (id === undefined) {
      id = this.strings.size;
      this.strings.set(value, id);
      this.out.uint(Tag.String).string(value);
    }
    return id;
  }

  /** 0 for undefined, else the string's id + 1. */
  private optString(value: string | undefined): number {
    return value === undefined ? 0 : this.string(value) + 1;
  }

  private thread(trace: StackTrace): ThreadKeyed {
    const last = this.byThreadId.get(trace.threadId);
    if (last !== undefined && last.pid === trace.pid && last.threadId === trace.threadId && last.osThreadId === trace.osThreadId
      && last.name === trace.threadName && last.interpreterId === trace.interpreterId) {
      return last;
    }
    const key = `${trace.pid}/${trace.threadId}/${trace.osThreadId ?? ''}/${trace.interpreterId ?? ''}/${trace.threadName === undefined ? '' : `=${trace.threadName}`}`;
    let t = this.threads.get(key);
    if (t === undefined) {
      const name = this.optString(trace.threadName);
      t = {
        id: this.threads.size, pid: trace.pid, threadId: trace.threadId, osThreadId: trace.osThreadId, name: trace.threadName,
        interpreterId: trace.interpreterId, prevFrames: [], prevLines: [], prevNames: [], prevFiles: [], prevStack: -1,
      };
      this.threads.set(key, t);
      this.out.uint(Tag.Thread).uint(trace.pid).uint(trace.threadId).uint(trace.osThreadId === undefined ? 0 : trace.osThreadId + 1)
        .uint(name).uint(trace.interpreterId === undefined ? 0 : trace.interpreterId + 1);
    }
    this.byThreadId.set(trace.threadId, t);
    return t;
  }

  /** 0 for no frames, else the leaf stack node's id + 1. */
  private stack(frames: Frame[], t: ThreadKeyed): number {
    const n = frames.length;
    if (n === 0) return 0;
    // the thread's previous stack, same Frame objects with the same contents: same node
    const prev = t.prevFrames;
    if (t.prevStack >= 0 && prev.length === n) {
      let i = 0;
      for (; i < n; i++) {
        const f = frames[i]!;
        if (f !== prev[i] || f.line !== t.prevLines[i] || f.name !== t.prevNames[i] || f.filename !== t.prevFiles[i]) break;
      }
      if (i === n) return t.prevStack + 1;
    }
    let node = -1;
    for (let i = n - 1; i >= 0; i--) {
      const frame = this.frame(frames[i]!);
      const children = this.stackChildren[node + 1]!;
      let child = children.get(frame);
      if (child === undefined) {
        child = this.stackChildren.length - 1;
        children.set(frame, child);
        this.stackChildren.push(new Map());
        this.out.uint(Tag.Stack).uint(node + 1).uint(frame);
      }
      node = child;
    }
    prev.length = t.prevLines.length = t.prevNames.length = t.prevFiles.length = n;
    for (let i = 0; i < n; i++) {
      const f = frames[i]!;
      prev[i] = f;
      t.prevLines[i] = f.line;
      t.prevNames[i] = f.name;
      t.prevFiles[i] = f.filename;
    }
    t.prevStack = node;
    return node + 1;
  }

  private frame(f: Frame): number {
    const cached = this.framesByObject.get(f);
    if (cached !== undefined && cached.line === f.line && cached.name === f.name && cached.filename === f.filename) return cached.id;
    const key = `${f.name}\0${f.filename}\0${f.line}\0${f.shortFilename ?? '\u0001'}\0${f.module ?? '\u0001'}\0${f.isEntry ? 1 : 0}${f.isShimEntry ? 1 : 0}`;
    let id = this.framesByKey.get(key);
    if (id === undefined) {
      id = this.frameCount++;
      this.framesByKey.set(key, id);
      let bits = (f.isEntry ? FrameBits.Entry : 0) | (f.isShimEntry ? FrameBits.ShimEntry : 0);
      if (f.shortFilename !== undefined) bits |= FrameBits.HasShortFilename;
      if (f.module !== undefined) bits |= FrameBits.HasModule;
      const name = this.string(f.name);
      const file = this.string(f.filename);
      const short = f.shortFilename !== undefined ? this.string(f.shortFilename) : 0;
      const module = f.module !== undefined ? this.string(f.module) : 0;
      this.out.uint(Tag.Frame).uint(bits).uint(name).uint(file).sint(f.line);
      if (f.shortFilename !== undefined) this.out.uint(short);
      if (f.module !== undefined) this.out.uint(module);
    }
    this.framesByObject.set(f, { id, name: f.name, filename: f.filename, line: f.line });
    return id;
  }

  private processInfo(info: ProcessInfo): number {
    const cached = this.processInfos.get(info);
    if (cached !== undefined) return cached;
    const parent = info.parent !== undefined ? this.processInfo(info.parent) + 1 : 0;
    const key = `${info.pid}\0${info.commandLine}\0${parent}`;
    let id = this.processInfoByKey.get(key);
    if (id === undefined) {
      id = this.processInfoCount++;
      this.processInfoByKey.set(key, id);
      const cmd = this.string(info.commandLine);
      this.out.uint(Tag.ProcessInfo).uint(info.pid).uint(cmd).uint(parent);
    }
    this.processInfos.set(info, id);
    return id;
  }
}
