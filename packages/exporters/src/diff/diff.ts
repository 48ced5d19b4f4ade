import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import type { DiffData } from '../html/model.js';
import { NOISE_Z, significant } from './noise.js';
import { DiffInputError, ProfileTree } from './profile.js';

export { NOISE_Z, significant };

/** BASE and NEW merged on NEW's shape; paths only BASE has are added after (they vanished). */
export class MergedTree {
  readonly names: string[];
  readonly files: string[];
  readonly parent: number[];
  readonly frame: number[];
  readonly newSelf: number[];
  readonly baseSelf: number[];
  readonly newTotal: number[];
  readonly baseTotal: number[];

  constructor(readonly base: ProfileTree, readonly next: ProfileTree) {
    const merged = new ProfileTree('merged');
    const nextFrame = next.names.map((n, i) => merged.frameId(n, next.files[i]!));
    const baseFrame = base.names.map((n, i) => merged.frameId(n, base.files[i]!));
    const map = new Int32Array(next.size);
    for (let i = 1; i < next.size; i++) map[i] = merged.child(map[next.parent[i]!]!, nextFrame[next.frame[i]!]!);
    const newSelf = new Array<number>(merged.size).fill(0);
    for (let i = 0; i < next.size; i++) newSelf[map[i]!] = next.self[i]!;
    const bmap = new Int32Array(base.size);
    for (let i = 1; i < base.size; i++) bmap[i] = merged.child(bmap[base.parent[i]!]!, baseFrame[base.frame[i]!]!);
    const baseSelf = new Array<number>(merged.size).fill(0);
    for (let i = 0; i < base.size; i++) baseSelf[bmap[i]!]! += base.self[i]!;
    while (newSelf.length < merged.size) newSelf.push(0);
    this.names = merged.names;
    this.files = merged.files;
    this.parent = merged.parent;
    this.frame = merged.frame;
    this.newSelf = newSelf;
    this.baseSelf = baseSelf;
    const sum = (self: number[]) => {
      const t = self.slice();
      for (let i = t.length - 1; i > 0; i--) t[this.parent[i]!]! += t[i]!;
      return t;
    };
    this.newTotal = sum(newSelf);
    this.baseTotal = sum(baseSelf);
  }

  get size(): number {
    return this.parent.length;
  }

  label(frame: number): string {
    const file = this.files[frame]!;
    return file !== '' ? `${this.names[frame]!} (${file})` : this.names[frame]!;
  }

  /** Root-first labels of a node's stack. */
  path(node: number): string[] {
    const out: string[] = [];
    for (let n = node; n > 0; n = this.parent[n]!) out.push(this.label(this.frame[n]!));
    return out.reverse();
  }
}

export interface FunctionChange {
  name: string;
  file: string;
  baseOwn: number;
  newOwn: number;
  baseTotal: number;
  newTotal: number;
  /** Change of the total share (NEW − BASE), in [-1, 1]. */
  totalDelta: number;
  ownDelta: number;
  significant: boolean;
}

export interface DiffResult {
  tree: MergedTree;
  functions: FunctionChange[];
  /** Functions that grew beyond noise, biggest change of total share first. */
  regressions: FunctionChange[];
  /** Functions that shrank beyond noise, biggest drop first. */
  improvements: FunctionChange[];
  /** Outermost BASE-only stacks: root-first labels and BASE samples, biggest first. */
  vanished: Array<{ path: string[]; base: number }>;
}

/** Compares two profiles, each normalised by its own total. */
export function diffProfiles(base: ProfileTree, next: ProfileTree): DiffResult {
  if (base.total === 0) throw new DiffInputError(`${base.name} has no samples: nothing to compare.`);
  if (next.total === 0) throw new DiffInputError(`${next.name} has no samples: nothing to compare.`);
  const tree = new MergedTree(base, next);
  // per function (name, file): own, and total counted once per stack (outermost call)
  const fnIndex = new Map<string, number>();
  const fns: FunctionChange[] = [];
  const fnOf = tree.frame.map((f) => {
    if (f < 0) return -1;
    const key = `${tree.names[f]}\0${tree.files[f]}`;
    let id = fnIndex.get(key);
    if (id === undefined) {
      id = fns.length;
      fnIndex.set(key, id);
      fns.push({ name: tree.names[f]!, file: tree.files[f]!, baseOwn: 0, newOwn: 0, baseTotal: 0, newTotal: 0, totalDelta: 0, ownDelta: 0, significant: false });
    }
    return id;
  });
  const onPath = new Int32Array(fns.length);
  const children: number[][] = tree.parent.map(() => []);
  for (let i = 1; i < tree.size; i++) children[tree.parent[i]!]!.push(i);
  const stack = [0];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n < 0) {
      onPath[fnOf[~n]!]!--;
      continue;
    }
    if (n > 0) {
      const f = fnOf[n]!;
      const e = fns[f]!;
      e.baseOwn += tree.baseSelf[n]!;
      e.newOwn += tree.newSelf[n]!;
      if (onPath[f] === 0) {
        e.baseTotal += tree.baseTotal[n]!;
        e.newTotal += tree.newTotal[n]!;
      }
      onPath[f]!++;
      stack.push(~n);
    }
    for (const c of children[n]!) stack.push(c);
  }
  const B = base.total;
  const N = next.total;
  for (const e of fns) {
    e.totalDelta = e.newTotal / N - e.baseTotal / B;
    e.ownDelta = e.newOwn / N - e.baseOwn / B;
    e.significant = significant(e.baseTotal, B, e.newTotal, N) || significant(e.baseOwn, B, e.newOwn, N);
  }
  const changed = fns.filter((e) => e.significant);
  const regressions = changed.filter((e) => e.totalDelta > 0 || (e.totalDelta === 0 && e.ownDelta > 0)).sort((a, b) => b.totalDelta - a.totalDelta || b.ownDelta - a.ownDelta);
  const improvements = changed.filter((e) => e.totalDelta < 0 || (e.totalDelta === 0 && e.ownDelta < 0)).sort((a, b) => a.totalDelta - b.totalDelta || a.ownDelta - b.ownDelta);
  const vanished: DiffResult['vanished'] = [];
  for (let i = 1; i < tree.size; i++) {
    const p = tree.parent[i]!;
    if (tree.newTotal[i] === 0 && tree.baseTotal[i]! > 0 && (p === 0 || tree.newTotal[p]! > 0)) vanished.push({ path: tree.path(i), base: tree.baseTotal[i]! });
  }
  vanished.sort((a, b) => b.base - a.base);
  const common = fns.some((e) => (e.baseOwn > 0 || e.baseTotal > 0) && (e.newOwn > 0 || e.newTotal > 0));
  if (!common) throw new DiffInputError(`${base.name} and ${next.name} have no function in common: are they profiles of the same program?`);
  return { tree, functions: fns, regressions, improvements, vanished };
}

const share = (n: number, total: number) => `${((100 * n) / total).toFixed(2)}%`;
const signed = (d: number) => `${d >= 0 ? '+' : ''}${(100 * d).toFixed(2)}`;

/** The plain-text summary `diff` prints without -o. */
export function diffSummary(d: DiffResult, limit = 10): string {
  const { base, next } = d.tree;
  const lines = [
    `BASE ${base.name}: ${base.total} samples`,
    `NEW  ${next.name}: ${next.total} samples`,
    `Shares are of each profile's own total; a change counts when it exceeds ${NOISE_Z} standard errors of the sample counts.`,
    '',
  ];
  const table = (title: string, rows: FunctionChange[]) => {
    lines.push(`${title}:`);
    if (rows.length === 0) lines.push('  (none beyond noise)');
    else {
      lines.push('  ΔTotal  ΔOwn    Total BASE → NEW     Function');
      for (const e of rows.slice(0, limit)) {
        lines.push(`  ${signed(e.totalDelta).padStart(6)}  ${signed(e.ownDelta).padStart(6)}  ${share(e.baseTotal, base.total).padStart(7)} → ${share(e.newTotal, next.total).padEnd(7)}  ${e.file ? `${e.name} (${e.file})` : e.name}`);
      }
      if (rows.length > limit) lines.push(`  … ${rows.length - limit} more`);
    }
    lines.push('');
  };
  table('Regressions (grew, points of total share)', d.regressions);
  table('Improvements (shrank)', d.improvements);
  lines.push(`Vanished stacks (in BASE only): ${d.vanished.length}`);
  // the innermost frames say what vanished; the whole stack is in the raw and HTML outputs
  for (const v of d.vanished.slice(0, limit)) lines.push(`  ${share(v.base, base.total).padStart(7)}  ${v.path.length > 3 ? '…;' : ''}${v.path.slice(-3).join(';')}`);
  return lines.join('\n') + '\n';
}

/** difffolded.pl's format: `stack BASE NEW` per distinct stack (flamegraph.pl draws it as a differential graph). */
export function diffRaw(d: DiffResult): Uint8Array {
  const t = d.tree;
  const lines: string[] = [];
  for (let i = 1; i < t.size; i++) {
    if (t.baseSelf[i] === 0 && t.newSelf[i] === 0) continue;
    lines.push(`${t.path(i).join(';')} ${t.baseSelf[i]} ${t.newSelf[i]}`);
  }
  lines.sort();
  return new TextEncoder().encode(lines.join('\n') + (lines.length ? '\n' : ''));
}

/**
 * A pprof profile of NEW − BASE: NEW's samples with their counts, BASE's with negated counts, as
 * `pprof -diff_base` builds internally (`go tool pprof -top` of it shows the change).
 */
export function diffPprof(d: DiffResult): Uint8Array {
  const t = d.tree;
  const strings = new StringTable();
  const s = (v: string) => strings.dedup(v);
  const functions: PprofFunction[] = [];
  const locations: Location[] = [];
  const locOfFrame = new Map<number, number>();
  const loc = (frame: number): number => {
    let id = locOfFrame.get(frame);
    if (id === undefined) {
      id = locations.length + 1;
      locOfFrame.set(frame, id);
      functions.push(new PprofFunction({ id, name: s(t.names[frame]!), filename: s(t.files[frame]!) }));
      locations.push(new Location({ id, line: [new Line({ functionId: id })] }));
    }
    return id;
  };
  const samples: Sample[] = [];
  for (let i = 1; i < t.size; i++) {
    if (t.baseSelf[i] === 0 && t.newSelf[i] === 0) continue;
    const ids: number[] = [];
    for (let n = i; n > 0; n = t.parent[n]!) ids.push(loc(t.frame[n]!));
    if (t.newSelf[i]! > 0) samples.push(new Sample({ locationId: ids, value: [t.newSelf[i]!] }));
    if (t.baseSelf[i]! > 0) samples.push(new Sample({ locationId: ids, value: [-t.baseSelf[i]!] }));
  }
  const profile = new Profile({
    sampleType: [new ValueType({ type: s('samples'), unit: s('count') })],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    comment: [s(`pyglass diff: NEW ${t.next.name} minus BASE ${t.base.name}`)],
  });
  return gzipSync(profile.encode());
}

/** The data of the diff page. */
export function diffData(d: DiffResult, title: string): DiffData {
  const t = d.tree;
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const str = (v: string) => {
    let id = ids.get(v);
    if (id === undefined) {
      id = strings.length;
      strings.push(v);
      ids.set(v, id);
    }
    return id;
  };
  const frames: number[] = [];
  for (let f = 0; f < t.names.length; f++) frames.push(str(t.names[f]!), str(t.files[f]!));
  const nodes: number[] = [];
  for (let i = 1; i < t.size; i++) nodes.push(t.parent[i]!, t.frame[i]!);
  return {
    kind: 'diff', title, baseName: t.base.name, newName: t.next.name, baseTotal: t.base.total, newTotal: t.next.total,
    strings, frames, nodes,
    baseSelf: t.baseSelf, baseTotalOf: t.baseTotal, newSelf: t.newSelf, newTotalOf: t.newTotal, z: NOISE_Z,
    regressions: d.regressions.slice(0, 100), improvements: d.improvements.slice(0, 100), vanished: d.vanished.slice(0, 100),
  };
}
