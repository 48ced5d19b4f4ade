/**
 * Reads a capture back: its metadata, processes and summary, and its samples as a lazy iterator
 * (one chunk inflated at a time). Every chunk's framing and CRC is checked before the first sample
 * is returned, so a damaged file fails before anything is rendered from it. A file that ends without
 * its end chunk — a record that was killed, or is still running — reads as `cutShort`: every complete
 * chunk is used and the rest is ignored.
 */
import { readFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import type { Frame, ProcessInfo, Sample, SamplingError, StackTrace } from '@pyglass/model';
import { BinaryDecodeError, BinaryReader } from './binary.js';
import { internStack } from '../interned.js';
import {
  CAPTURE_MAGIC, CAPTURE_VERSION, CHUNK_HEADER_BYTES, CaptureError, ChunkKind, FrameBits, MAX_CHUNK_BYTES, SampleBits, Tag, TraceBits,
  type CaptureMetadata, type CaptureProcess, type CaptureSummary,
} from './format.js';

/** A capture opened for reading. */
export interface Capture {
  metadata: CaptureMetadata;
  /** The processes sampled, in the order they were first sampled. */
  processes: CaptureProcess[];
  /** The end chunk's figures; undefined when the capture was cut short. */
  summary: CaptureSummary | undefined;
  /** True when the file ends before its end chunk (the record was killed or is still running). */
  cutShort: boolean;
  /** Bytes at the end that were not a complete chunk (a cut-short file's unflushed tail). */
  ignoredBytes: number;
  /** The samples in time order, decoded as they are iterated (each call starts again from the first). */
  samples(): IterableIterator<Sample>;
}

interface ChunkRef {
  kind: number;
  payload: Uint8Array;
}

function corrupt(where: string, why: string): CaptureError {
  return new CaptureError('corrupt', `${where} is damaged (${why}).`);
}

function startsWithMagic(bytes: Uint8Array): boolean {
  if (bytes.length < CAPTURE_MAGIC.length) return false;
  for (let i = 0; i < CAPTURE_MAGIC.length; i++) if (bytes[i] !== CAPTURE_MAGIC[i]) return false;
  return true;
}

function inflate(payload: Uint8Array, where: string): Uint8Array {
  try {
    return inflateSync(payload, { maxOutputLength: 16 * MAX_CHUNK_BYTES });
  } catch (error) {
    throw corrupt(where, `a chunk does not decompress: ${(error as Error).message}`);
  }
}

function json<T>(chunk: ChunkRef, where: string): T {
  const text = Buffer.from(inflate(chunk.payload, where)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt(where, 'a metadata chunk is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(where, 'a metadata chunk is not an object');
  return value as T;
}

/**
 * Opens a capture from its bytes or its path. Throws CaptureError (check with isCaptureError) for a
 * file that is not a capture, one written by a newer format version, or a damaged one.
 */
export function readCapture(source: Uint8Array | string, name = typeof source === 'string' ? source : 'the capture'): Capture {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    try {
      bytes = readFileSync(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new CaptureError('unreadable', `cannot read '${name}': ${why}.`);
    }
  } else bytes = source;
  const where = `'${name}'`;
  if (!startsWithMagic(bytes)) throw new CaptureError('not-a-capture', `${where} is not a pyglass capture (record one with: pyglass record -o profile.pyglass …).`);
  const head = new BinaryReader(bytes);
  head.pos = CAPTURE_MAGIC.length;
  let version: number;
  try {
    version = head.uint();
  } catch {
    throw corrupt(where, 'the file ends inside its header');
  }
  if (version === 0) throw corrupt(where, 'format version 0');
  if (version > CAPTURE_VERSION) {
    throw new CaptureError('newer-version', `${where} is a capture of format version ${version}; this pyglass reads versions up to ${CAPTURE_VERSION}: upgrade pyglass to read it.`);
  }

  // framing pass: every complete chunk is checked; an incomplete tail means the file was cut short
  const chunks: ChunkRef[] = [];
  let pos = head.pos;
  let ignoredBytes = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let ended = false;
  while (pos < bytes.length) {
    if (ended) throw corrupt(where, 'data follows the end chunk');
    if (pos + CHUNK_HEADER_BYTES > bytes.length) {
      ignoredBytes = bytes.length - pos;
      break;
    }
    const kind = bytes[pos]!;
    const length = view.getUint32(pos + 1, true);
    const crc = view.getUint32(pos + 5, true);
    if (kind < ChunkKind.Metadata || kind > ChunkKind.End) throw corrupt(where, `unknown chunk kind ${kind} at byte ${pos}`);
    if (length > MAX_CHUNK_BYTES) throw corrupt(where, `a chunk claims ${length} bytes at byte ${pos}`);
    if (pos + CHUNK_HEADER_BYTES + length > bytes.length) {
      ignoredBytes = bytes.length - pos;
      break;
    }
    const payload = bytes.subarray(pos + CHUNK_HEADER_BYTES, pos + CHUNK_HEADER_BYTES + length);
    if ((crc32(payload) >>> 0) !== crc) throw corrupt(where, `checksum mismatch in the chunk at byte ${pos}`);
    if ((chunks.length === 0) !== (kind === ChunkKind.Metadata)) throw corrupt(where, 'the metadata chunk is not first, or not alone');
    chunks.push({ kind, payload });
    if (kind === ChunkKind.End) ended = true;
    pos += CHUNK_HEADER_BYTES + length;
  }
  if (chunks.length === 0) throw corrupt(where, 'the file ends before its metadata');
  const metadata = json<CaptureMetadata>(chunks[0]!, where);
  checkMetadata(metadata, where);
  const processes: CaptureProcess[] = [];
  let summary: CaptureSummary | undefined;
  for (const c of chunks) {
    if (c.kind === ChunkKind.Process) processes.push(json<CaptureProcess>(c, where));
    else if (c.kind === ChunkKind.End) summary = json<CaptureSummary>(c, where);
  }
  const records = chunks.filter((c) => c.kind === ChunkKind.Records);
  return {
    metadata, processes, summary, cutShort: summary === undefined, ignoredBytes,
    samples: () => decodeSamples(records, metadata.startTime, where),
  };
}

function checkMetadata(m: CaptureMetadata, where: string): void {
  const ok = typeof m.title === 'string' && typeof m.startTime === 'number' && Number.isFinite(m.startTime)
    && typeof m.options === 'object' && m.options !== null && typeof m.options.rate === 'number' && m.options.rate > 0
    && Array.isArray(m.commandLine);
  if (!ok) throw corrupt(where, 'its metadata lacks required fields');
}

/** Interned tables, rebuilt as the records are read. */
class Tables {
  readonly strings: string[] = [];
  readonly frames: Frame[] = [];
  /** Stack nodes: parent (node + 1, 0 for a root) and frame. */
  readonly stackParent: number[] = [];
  readonly stackFrame: number[] = [];
  /** Frame arrays (innermost first) of the stack nodes used so far, by node. */
  readonly stackFrames: Array<Frame[] | undefined> = [];
  readonly threads: Array<{ pid: number; threadId: number; osThreadId: number | undefined; threadName: string | undefined; interpreterId: number | undefined }> = [];
  readonly processInfos: ProcessInfo[] = [];

  constructor(private readonly where: string) {}

  string(id: number): string {
    const s = this.strings[id];
    if (s === undefined) throw corrupt(this.where, `string ${id} is used before it is defined`);
    return s;
  }

  optString(ref: number): string | undefined {
    return ref === 0 ? undefined : this.string(ref - 1);
  }

  framesOf(ref: number): Frame[] {
    if (ref === 0) return [];
    const node = ref - 1;
    const cached = this.stackFrames[node];
    if (cached !== undefined) return cached;
    if (node >= this.stackParent.length) throw corrupt(this.where, `stack ${node} is used before it is defined`);
    const out: Frame[] = [];
    for (let n = node; n >= 0; n = this.stackParent[n]! - 1) out.push(this.frames[this.stackFrame[n]!]!);
    // one array per stack node, marked as such: renderers key their caches by it
    this.stackFrames[node] = internStack(out);
    return out;
  }
}

function* decodeSamples(chunks: ChunkRef[], startTime: number, where: string): IterableIterator<Sample> {
  const t = new Tables(where);
  let lastTime = Math.round(startTime);
  for (const chunk of chunks) {
    const r = new BinaryReader(inflate(chunk.payload, where));
    try {
      while (!r.done) {
        const tag = r.uint();
        switch (tag) {
          case Tag.String:
            t.strings.push(r.string());
            break;
          case Tag.Frame: {
            const bits = r.uint();
            const name = t.string(r.uint());
            const filename = t.string(r.uint());
            const line = r.sint();
            const shortFilename = bits & FrameBits.HasShortFilename ? t.string(r.uint()) : undefined;
            const module = bits & FrameBits.HasModule ? t.string(r.uint()) : undefined;
            t.frames.push({
              name, filename, module, shortFilename, line, locals: undefined,
              isEntry: (bits & FrameBits.Entry) !== 0, isShimEntry: (bits & FrameBits.ShimEntry) !== 0,
            });
            break;
          }
          case Tag.Stack: {
            const parent = r.uint();
            const frame = r.uint();
            if (parent > t.stackParent.length) throw corrupt(where, 'a stack names a parent not defined yet');
            if (frame >= t.frames.length) throw corrupt(where, 'a stack names a frame not defined yet');
            t.stackParent.push(parent);
            t.stackFrame.push(frame);
            break;
          }
          case Tag.Thread: {
            const pid = r.uint();
            const threadId = r.uint();
            const os = r.uint();
            const name = t.optString(r.uint());
            const interp = r.uint();
            t.threads.push({ pid, threadId, osThreadId: os === 0 ? undefined : os - 1, threadName: name, interpreterId: interp === 0 ? undefined : interp - 1 });
            break;
          }
          case Tag.ProcessInfo: {
            const pid = r.uint();
            const commandLine = t.string(r.uint());
            const parentRef = r.uint();
            if (parentRef > t.processInfos.length) throw corrupt(where, 'a process names a parent not defined yet');
            t.processInfos.push({ pid, commandLine, parent: parentRef === 0 ? undefined : t.processInfos[parentRef - 1] });
            break;
          }
          case Tag.Sample: {
            const flags = r.uint();
            let time: number;
            if (flags & SampleBits.FractionalTime) time = r.float64();
            else time = lastTime += r.sint();
            const late = flags & SampleBits.Late ? r.uint() / 1000 : undefined;
            const n = r.uint();
            if (n > r.buf.length) throw corrupt(where, 'a sample claims more traces than the chunk holds');
            const traces: StackTrace[] = new Array<StackTrace>(n);
            for (let i = 0; i < n; i++) traces[i] = decodeTrace(r, t, where);
            let samplingErrors: SamplingError[] | undefined;
            if (flags & SampleBits.Errors) {
              const count = r.uint();
              if (count > r.buf.length) throw corrupt(where, 'a sample claims more errors than the chunk holds');
              samplingErrors = [];
              for (let i = 0; i < count; i++) {
                const pid = r.uint();
                const name = t.string(r.uint());
                const error = new Error(t.string(r.uint()));
                error.name = name;
                samplingErrors.push({ pid, error });
              }
            }
            const sample: Sample = { traces, time };
            if (late !== undefined) sample.late = late;
            if (samplingErrors !== undefined) sample.samplingErrors = samplingErrors;
            yield sample;
            break;
          }
          default:
            throw corrupt(where, `unknown record tag ${tag}`);
        }
      }
    } catch (error) {
      if (error instanceof BinaryDecodeError) throw corrupt(where, error.message);
      throw error;
    }
  }
}

function decodeTrace(r: BinaryReader, t: Tables, where: string): StackTrace {
  const thread = t.threads[r.uint()];
  if (thread === undefined) throw corrupt(where, 'a sample names a thread not defined yet');
  const frames = t.framesOf(r.uint());
  const flags = r.uint();
  const states = flags & TraceBits.States ? r.uint() : undefined;
  let greenlet: StackTrace['greenlet'];
  if (flags & TraceBits.Greenlet) {
    const address = r.uint();
    const bits = r.uint();
    greenlet = { address, running: (bits & 1) !== 0, main: (bits & 2) !== 0, typeName: t.string(r.uint()) };
  }
  let span: StackTrace['span'];
  if (flags & TraceBits.Span) {
    const traceId = t.string(r.uint());
    const spanId = t.string(r.uint());
    const name = t.optString(r.uint());
    const rootId = t.optString(r.uint());
    const rootName = t.optString(r.uint());
    span = { traceId, spanId, name, localRoot: rootId === undefined ? undefined : { spanId: rootId, name: rootName } };
  }
  let asyncioTask: StackTrace['asyncioTask'];
  if (flags & TraceBits.AsyncioTask) {
    const id = r.uint();
    asyncioTask = { id, name: t.optString(r.uint()) };
  }
  let processInfo: ProcessInfo | undefined;
  if (flags & TraceBits.ProcessInfo) {
    processInfo = t.processInfos[r.uint()];
    if (processInfo === undefined) throw corrupt(where, 'a sample names a process not defined yet');
  }
  // every field in one literal: one object shape for every trace, whatever it holds
  return {
    pid: thread.pid, threadId: thread.threadId, threadName: thread.threadName, osThreadId: thread.osThreadId,
    active: (flags & TraceBits.Active) !== 0, ownsGil: (flags & TraceBits.OwnsGil) !== 0, frames, processInfo,
    interpreterId: thread.interpreterId, greenlet, states, span, asyncioTask,
  };
}
