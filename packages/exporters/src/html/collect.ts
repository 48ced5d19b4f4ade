import { ThreadStates, type Sample, type StackTrace } from '@pyglass/model';
import { formatThreadId } from '@pyglass/model';
import type { ProcessDescription } from '../format.js';
import { StackCollector, type StackNode, type ThreadState } from '../stacks.js';
import { stateCategories, type ReportData, type ReportMeta, type SourceExcerpt, type StateCategory } from './model.js';

/** Time buckets start this fine and double in width whenever there would be more than MAX_BUCKETS. */
const FIRST_BUCKET_MS = 10;
const MAX_BUCKETS = 1024;

/** The exclusive state category of a trace (most specific first): GC, GIL wait, GIL, on CPU, active, idle. */
export function stateCategory(trace: Pick<StackTrace, 'active' | 'ownsGil' | 'states'>): number {
  const s = trace.states;
  if (s !== undefined) {
    if (s & ThreadStates.GcCollecting) return 0;
    if (s & ThreadStates.WaitingForGil) return 1;
  }
  if (trace.ownsGil || (s !== undefined && s & ThreadStates.HoldsGil)) return 2;
  if (s !== undefined && s & ThreadStates.OnCpu) return 3;
  return trace.active ? 4 : 5;
}

/** One distinct (stack, context): its samples per time bucket, in bucket order. */
interface RecordAcc {
  node: number;
  context: number;
  buckets: number[];
  counts: number[];
}

/** What the caller knows about the record beyond the samples. */
export interface ReportInfo {
  title?: string | undefined;
  /** Describes a process when it is first sampled: its command line and Python version. */
  describeProcess?: ((pid: number) => ProcessDescription) | undefined;
  /** Called once per source file when a frame of it is first sampled (to read it while its process is alive). */
  newFile?: ((pid: number, file: string) => void) | undefined;
  rate: number;
  /** Frames carry line numbers (not --nolineno). */
  showLines: boolean;
  /** --idle: idle samples start shown. */
  includeIdle: boolean;
  /** --gil: only GIL holders start shown. */
  gilOnly: boolean;
  pyglassVersion?: string | undefined;
}

/**
 * Collects a whole Sample stream (every thread, idle ones too) into the report's columnar data: a stack
 * trie shared by all threads, and per distinct (leaf, context) its counts per time bucket.
 */
export class ReportCollector {
  private readonly stacks: StackCollector;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly contexts: number[] = [];
  private readonly contextIds = new Map<string, number>();
  private readonly records = new Map<number, RecordAcc>();
  private readonly recordList: RecordAcc[] = [];
  private readonly tasks = new Map<string, number>();
  private readonly greenlets = new Map<number, number>();
  private readonly spans = new Map<string, number>();
  private readonly processes = new Map<number, ProcessDescription>();
  /** Per thread id: the last context key parts and id (most traces repeat their thread's context). */
  private readonly lastContext: Array<{ key: string; id: number } | undefined> = [];
  private bucketMs = FIRST_BUCKET_MS;
  private bucketCount = 0;
  private startTime: number | undefined;
  private lastTime = 0;
  private intervals = 0;
  private lateIntervals = 0;
  private errors = 0;
  private statesKnown = false;
  samples = 0;

  constructor(readonly info: ReportInfo) {
    this.stacks = new StackCollector({ showLines: info.showLines, includeThreadIds: false, byLabel: false, perThread: false });
  }

  get distinctStacks(): number {
    return this.recordList.length;
  }

  /** Files and pids of the hottest functions by own samples (for source excerpts), hottest first. */
  hotFunctions(limit: number): Array<{ pid: number; file: string; lines: number[] }> {
    const own = new Map<string, { pid: number; file: string; count: number; lines: Set<number> }>();
    const threads = this.stacks.threadList;
    for (const r of this.recordList) {
      const frame = this.stacks.nodes[r.node]!.frame;
      if (frame === undefined || frame.synthetic || frame.filename === '' || frame.module !== undefined) continue;
      const key = `${frame.name}\0${frame.filename}`;
      let e = own.get(key);
      const pid = threads[this.contexts[r.context * 7]!]!.pid;
      if (e === undefined) own.set(key, (e = { pid, file: frame.filename, count: 0, lines: new Set() }));
      for (const c of r.counts) e.count += c;
      // every line of this function's frames in any stack, for the excerpt
      if (frame.line > 0) e.lines.add(frame.line);
    }
    for (const n of this.stacks.nodes) {
      const f = n.frame;
      if (f === undefined || f.line <= 0) continue;
      const e = own.get(`${f.name}\0${f.filename}`);
      if (e !== undefined) e.lines.add(f.line);
    }
    return [...own.values()].sort((a, b) => b.count - a.count).slice(0, limit).map((e) => ({ pid: e.pid, file: e.file, lines: [...e.lines].sort((a, b) => a - b) }));
  }

  addSample(sample: Sample): void {
    this.intervals++;
    if (sample.late !== undefined && sample.late > 1000 / this.info.rate) this.lateIntervals++;
    if (sample.samplingErrors !== undefined) this.errors += sample.samplingErrors.length;
    for (const trace of sample.traces) this.add(trace, sample.time);
  }

  /** One trace taken at timeMs. A trace without frames has no code to attribute time to and is left out. */
  add(trace: StackTrace, timeMs: number): void {
    if (trace.frames.length === 0) return;
    if (this.startTime === undefined) this.startTime = timeMs;
    if (timeMs > this.lastTime) this.lastTime = timeMs;
    if (!this.processes.has(trace.pid)) this.processes.set(trace.pid, this.info.describeProcess?.(trace.pid) ?? {});
    if (trace.states !== undefined) this.statesKnown = true;
    const t = this.stacks.thread(trace);
    const known = this.stacks.frames.size;
    const leaf = this.stacks.path(trace, t);
    if (this.stacks.frames.size !== known && this.info.newFile !== undefined) this.newFiles(trace.pid, known);
    this.stacks.count(leaf);
    this.samples++;
    const context = this.context(trace, t);
    const bucket = this.bucketOf(timeMs);
    const key = leaf.id * 1048576 + context;
    let r = this.records.get(key);
    if (r === undefined) {
      r = { node: leaf.id, context, buckets: [], counts: [] };
      this.records.set(key, r);
      this.recordList.push(r);
    }
    const n = r.buckets.length;
    if (n > 0 && r.buckets[n - 1] === bucket) r.counts[n - 1]!++;
    else {
      r.buckets.push(bucket);
      r.counts.push(1);
    }
  }

  private readonly files = new Set<string>();

  private newFiles(pid: number, from: number): void {
    const recs = this.stacks.frames.recs;
    for (let i = from; i < recs.length; i++) {
      const f = recs[i]!;
      if (f.synthetic || f.module !== undefined || f.filename === '' || this.files.has(f.filename)) continue;
      this.files.add(f.filename);
      this.info.newFile!(pid, f.filename);
    }
  }

  private bucketOf(timeMs: number): number {
    let b = Math.max(0, Math.floor((timeMs - this.startTime!) / this.bucketMs));
    while (b >= MAX_BUCKETS) {
      this.coarsen();
      b = Math.floor((timeMs - this.startTime!) / this.bucketMs);
    }
    if (b + 1 > this.bucketCount) this.bucketCount = b + 1;
    return b;
  }

  /** Doubles the bucket width: every record's entries merge pairwise. */
  private coarsen(): void {
    this.bucketMs *= 2;
    this.bucketCount = Math.ceil(this.bucketCount / 2);
    for (const r of this.recordList) {
      let w = -1;
      for (let i = 0; i < r.buckets.length; i++) {
        const b = r.buckets[i]! >> 1;
        if (w >= 0 && r.buckets[w] === b) r.counts[w]! += r.counts[i]!;
        else {
          w++;
          r.buckets[w] = b;
          r.counts[w] = r.counts[i]!;
        }
      }
      r.buckets.length = r.counts.length = w + 1;
    }
  }

  private str(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private context(trace: StackTrace, t: ThreadState): number {
    const category = stateCategory(trace);
    const states = trace.states ?? -1;
    const t0 = trace.asyncioTask;
    const task = t0 !== undefined ? this.dim(this.tasks, t0.name !== undefined ? `${t0.name} (0x${t0.id.toString(16)})` : `task 0x${t0.id.toString(16)}`) : -1;
    const g = trace.greenlet;
    let greenlet = -1;
    if (g !== undefined) {
      greenlet = this.greenlets.get(g.address) ?? -1;
      if (greenlet < 0) {
        greenlet = this.greenlets.size;
        this.greenlets.set(g.address, greenlet);
      }
    }
    const span = trace.span !== undefined ? this.dim(this.spans, trace.span.localRoot?.name ?? trace.span.name ?? `span ${trace.span.spanId}`) : -1;
    const interp = trace.interpreterId ?? 0;
    const key = `${category},${states},${task},${greenlet},${span},${interp}`;
    const last = this.lastContext[t.id];
    if (last !== undefined && last.key === key) return last.id;
    const full = `${t.id},${key}`;
    let id = this.contextIds.get(full);
    if (id === undefined) {
      id = this.contexts.length / 7;
      this.contexts.push(t.id, category, states, task, greenlet, span, interp);
      this.contextIds.set(full, id);
    }
    this.lastContext[t.id] = { key, id };
    return id;
  }

  private dim(map: Map<string, number>, name: string): number {
    let id = map.get(name);
    if (id === undefined) map.set(name, (id = map.size));
    return id;
  }

  /** The page's data. `sources` are excerpts read by the caller (see readSourceExcerpts). */
  data(sources: Array<{ file: string; firstLine: number; lines: string[] }> = []): ReportData {
    const strings = this.strings;
    const frames: number[] = [];
    for (const f of this.stacks.frames.recs) frames.push(this.str(f.name), this.str(f.filename), f.line);
    const nodes: number[] = [];
    // node 0 of the collector is the root; the page's nodes are the others, ids shifted by one
    const allNodes: StackNode[] = this.stacks.nodes;
    for (let i = 1; i < allNodes.length; i++) {
      const n = allNodes[i]!;
      nodes.push(n.parent === undefined || n.parent.id === 0 ? -1 : n.parent.id - 1, n.frame!.id);
    }
    const threads: number[] = [];
    for (const t of this.stacks.threadList) {
      const label = t.threadId === 0 && t.name?.startsWith('task ') ? 'asyncio tasks (suspended)' : formatThreadId(t);
      threads.push(t.pid, this.str(label), t.name !== undefined && !t.name.startsWith('task ') ? this.str(t.name) : -1, t.interpreterId ?? 0);
    }
    const processes: number[] = [];
    const commandLines: string[] = [];
    const versions = new Set<string>();
    for (const [pid, d] of [...this.processes].sort((a, b) => a[0] - b[0])) {
      const cmd = d.commandLine?.join(' ') ?? '';
      processes.push(pid, this.str(cmd));
      if (cmd !== '') commandLines.push(cmd);
      if (d.pythonVersion !== undefined) versions.add(d.pythonVersion);
    }
    const names = (m: Map<string, number>): number[] => [...m.keys()].map((k) => this.str(k));
    const greenlets = [...this.greenlets.keys()].map((a) => this.str(`greenlet 0x${a.toString(16)}`));
    const recNode: number[] = [];
    const recContext: number[] = [];
    const recLength: number[] = [];
    // sorted by node, node ids as deltas: small numbers, a smaller file
    const sorted = [...this.recordList].sort((a, b) => a.node - b.node || a.context - b.context);
    let prevNode = 0;
    const entryBucket: number[] = [];
    const entryCount: number[] = [];
    for (const r of sorted) {
      recNode.push(r.node - 1 - prevNode);
      prevNode = r.node - 1;
      recContext.push(r.context);
      recLength.push(r.buckets.length);
      // bucket numbers delta-encoded within a record (mostly small numbers: a smaller file)
      for (let i = 0; i < r.buckets.length; i++) {
        entryBucket.push(i === 0 ? r.buckets[0]! : r.buckets[i]! - r.buckets[i - 1]!);
        entryCount.push(r.counts[i]!);
      }
    }
    const initialStates: StateCategory[] = this.info.gilOnly ? ['gil'] : stateCategories.filter((c) => c !== 'idle' || this.info.includeIdle);
    const meta: ReportMeta = {
      title: this.info.title ?? 'pyglass report',
      commandLines,
      pythonVersions: [...versions],
      startTime: this.startTime ?? 0,
      durationMs: this.startTime === undefined ? 0 : this.lastTime - this.startTime + 1000 / this.info.rate,
      rate: this.info.rate,
      intervals: this.intervals,
      lateIntervals: this.lateIntervals,
      errors: this.errors,
      samples: this.samples,
      showLines: this.info.showLines,
      initialStates,
      statesKnown: this.statesKnown,
      pyglassVersion: this.info.pyglassVersion ?? '',
    };
    const excerpts: SourceExcerpt[] = sources.map((s) => ({ file: this.str(s.file), firstLine: s.firstLine, lines: s.lines }));
    return {
      kind: 'report', meta, strings, frames, nodes, threads, processes,
      tasks: names(this.tasks), greenlets, spans: names(this.spans), contexts: this.contexts,
      bucketMs: this.bucketMs, bucketCount: this.bucketCount, recNode, recContext, recLength, entryBucket, entryCount,
      sources: excerpts,
    };
  }
}
