import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { brandErrors, type Sample } from '@pyglass/model';
import { recordedTrace } from '../classic.js';
import type { TraceFilter } from '../trace-filter.js';

/** A profile reduced to what a diff compares: stacks of (function name, file) with sample counts. */
export class ProfileTree {
  readonly names: string[] = [];
  readonly files: string[] = [];
  private readonly frameIds = new Map<string, number>();
  /** Node 0 is the root; parent[i] < i. */
  readonly parent: number[] = [-1];
  readonly frame: number[] = [-1];
  readonly self: number[] = [0];
  private readonly children = new Map<number, number>();
  total = 0;

  constructor(readonly name: string) {}

  get size(): number {
    return this.parent.length;
  }

  frameId(name: string, file: string): number {
    const key = `${name}\0${file}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.files.push(file);
      this.frameIds.set(key, id);
    }
    return id;
  }

  /** The child of `node` for `frame`, created when missing. */
  child(node: number, frame: number): number {
    const key = node * 4194304 + frame;
    let c = this.children.get(key);
    if (c === undefined) {
      c = this.parent.length;
      this.parent.push(node);
      this.frame.push(frame);
      this.self.push(0);
      this.children.set(key, c);
    }
    return c;
  }

  findChild(node: number, frame: number): number | undefined {
    return this.children.get(node * 4194304 + frame);
  }

  /** Counts `count` samples on the stack of frame ids (root first). */
  add(rootToLeaf: readonly number[], count: number): void {
    if (count === 0) return;
    let node = 0;
    for (const f of rootToLeaf) node = this.child(node, f);
    this.self[node]! += count;
    this.total += count;
  }

  totals(): number[] {
    const t = this.self.slice();
    for (let i = t.length - 1; i > 0; i--) t[this.parent[i]!]! += t[i]!;
    return t;
  }

  label(frame: number): string {
    const file = this.files[frame]!;
    return file !== '' ? `${this.names[frame]!} (${file})` : this.names[frame]!;
  }
}

/** An input of `diff` that is neither a pprof profile nor a capture, or has nothing to compare. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}

// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/exporters', { DiffInputError });

/** True for a DiffInputError (by brand: works across copies of this package). */
export function isDiffInputError(e: unknown): e is DiffInputError {
  return e instanceof DiffInputError;
}

/** True when the bytes start like a gzip stream. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * A pprof profile (gzipped or not) as a ProfileTree. The value used is the `samples` type when the
 * profile has one, else its first. Undefined when the bytes are not a profile with samples types.
 */
export function pprofTree(bytes: Uint8Array, name: string): ProfileTree | undefined {
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch {
      return undefined;
    }
  }
  let p: Profile;
  try {
    p = Profile.decode(raw);
  } catch {
    return undefined;
  }
  // protobuf decodes many byte strings without complaint: check that this one is consistent
  const strings = p.stringTable.strings;
  const inTable = (i: number | bigint) => Number(i) >= 0 && Number(i) < strings.length;
  if (p.sampleType.length === 0 || strings.length < 2 || strings[0] !== '') return undefined;
  if (!p.sampleType.every((t) => Number(t.type) > 0 && inTable(t.type) && inTable(t.unit))) return undefined;
  if (!p.sample.every((s) => s.value.length === p.sampleType.length)) return undefined;
  if (!p.function.every((f) => inTable(f.name) && inTable(f.filename))) return undefined;
  const str = (i: number | bigint) => strings[Number(i)] ?? '';
  let vi = p.sampleType.findIndex((t) => str(t.type) === 'samples');
  if (vi < 0) vi = 0;
  const tree = new ProfileTree(name);
  const fnFrame = new Map<number, number>();
  for (const f of p.function) fnFrame.set(Number(f.id), tree.frameId(str(f.name), str(f.filename)));
  // per location, its frames root-most first (line[0] is the innermost of inlined frames)
  const locFrames = new Map<number, number[]>();
  for (const l of p.location) {
    const fs: number[] = [];
    for (let i = l.line.length - 1; i >= 0; i--) {
      const f = fnFrame.get(Number(l.line[i]!.functionId));
      if (f !== undefined) fs.push(f);
    }
    if (fs.length === 0) fs.push(tree.frameId(`0x${BigInt(l.address).toString(16)}`, ''));
    locFrames.set(Number(l.id), fs);
  }
  const path: number[] = [];
  for (const s of p.sample) {
    path.length = 0;
    for (let i = s.locationId.length - 1; i >= 0; i--) {
      const fs = locFrames.get(Number(s.locationId[i]!));
      if (fs !== undefined) path.push(...fs);
    }
    // int64 values come back as unsigned: a negative one (a diff's BASE) is not a sample count
    const v = Number(BigInt.asIntN(64, BigInt(s.value[vi] ?? 0)));
    if (v > 0) tree.add(path, v);
  }
  return tree;
}

/** A Sample stream (a capture) as a ProfileTree, with the record filters as `record` applies them (--idle, --gil, --mode, --gc). */
export function samplesTree(samples: Iterable<Sample>, name: string, filter: TraceFilter = { includeIdle: false, gilOnly: false }): ProfileTree {
  const tree = new ProfileTree(name);
  const path: number[] = [];
  for (const sample of samples) {
    for (const sampled of sample.traces) {
      const trace = recordedTrace(sampled, filter);
      if (trace === undefined) continue;
      path.length = 0;
      for (let i = trace.frames.length - 1; i >= 0; i--) {
        const f = trace.frames[i]!;
        path.push(tree.frameId(f.name, f.filename));
      }
      tree.add(path, 1);
    }
  }
  return tree;
}
