import { formatThreadId, processInfoToFrame, type Frame, type ProcessInfo, type StackTrace } from '@pyglass/model';

// The record filters live in trace-filter.ts (one definition); re-exported for the modules that import them from here.
export { traceIncluded, type TraceFilter } from './trace-filter.js';

/**
 * Name of the synthetic --threads root frame: `thread (TID): name` or `thread (TID)`; a thread state
 * of a sub-interpreter says which one: `thread (TID, interpreter 2): name`.
 */
export function threadFrameName(trace: Pick<StackTrace, 'threadId' | 'osThreadId' | 'threadName' | 'interpreterId'>): string {
  const tid = formatThreadId(trace);
  const id = trace.interpreterId !== undefined && trace.interpreterId !== 0 ? `${tid}, interpreter ${trace.interpreterId}` : tid;
  return trace.threadName !== undefined && trace.threadName !== '' ? `thread (${id}): ${trace.threadName}` : `thread (${id})`;
}

/** Names of the synthetic process root frames, oldest ancestor first: `process PID:"cmdline"`. */
export function processFrameNames(info: ProcessInfo): string[] {
  const names: string[] = [];
  for (let p: ProcessInfo | undefined = info; p !== undefined; p = p.parent) names.push(processInfoToFrame(p).name);
  return names.reverse();
}

/** py-spy's frame label: `name (file:line)`, `name (file)` without a line, `name` without a file. */
export function frameLabel(frame: Pick<Frame, 'name' | 'filename' | 'shortFilename' | 'line'>, showLines: boolean): string {
  const file = frame.shortFilename ?? frame.filename;
  if (showLines && frame.line !== 0) return `${frame.name} (${file}:${frame.line})`;
  if (file !== '') return `${frame.name} (${file})`;
  return frame.name;
}

/** Root→leaf labels of a trace as every exporter sees it, synthetic process/thread roots included. Not for hot paths. */
export function traceLabels(trace: StackTrace, options: { showLines: boolean; includeThreadIds: boolean }): string[] {
  const labels: string[] = trace.processInfo !== undefined ? processFrameNames(trace.processInfo) : [];
  if (options.includeThreadIds) labels.push(threadFrameName(trace));
  for (let i = trace.frames.length - 1; i >= 0; i--) labels.push(frameLabel(trace.frames[i]!, options.showLines));
  return labels;
}

/** An interned frame: one per distinct (name, filename, line shown). */
export interface FrameRec {
  /** Dense id, in order of first appearance (speedscope frame index). */
  readonly id: number;
  readonly name: string;
  /** Full filename ('' for synthetic frames). */
  readonly filename: string;
  /** Line shown: 0 when unknown or line numbers are off. */
  readonly line: number;
  /** Native frames: the shared library's full path (pprof mapping), whatever the filename shows. */
  readonly module: string | undefined;
  /** py-spy label. */
  readonly label: string;
  /** Dense id of the label (frames with equal labels share it: flamegraph/raw aggregation). */
  readonly labelId: number;
  /** True for the synthetic thread/process frames. */
  readonly synthetic: boolean;
}

/**
 * Interns frames. Lookup is by Frame object identity first (checked against name/filename/line, so a reused
 * object cannot return a stale record), then by nested maps name → filename → line: no string building per sample.
 */
export class FrameTable {
  readonly recs: FrameRec[] = [];
  readonly labels: string[] = [];
  private readonly byObject = new WeakMap<Frame, FrameRec>();
  private readonly byKey = new Map<string, Map<string, Map<number, FrameRec>>>();
  private readonly byLabel = new Map<string, number>();
  private readonly synthetics = new Map<string, FrameRec>();
  private objectHits = 0;
  private objectMisses = 0;
  private useObjects = true;

  constructor(readonly showLines: boolean) {}

  get size(): number {
    return this.recs.length;
  }

  frame(f: Frame): FrameRec {
    const line = this.showLines ? f.line : 0;
    if (this.useObjects) {
      const cached = this.byObject.get(f);
      if (cached !== undefined && cached.name === f.name && cached.filename === f.filename && cached.line === line) {
        this.objectHits++;
        return cached;
      }
      // The sampler hands out fresh Frame objects every time: stop paying for the WeakMap.
      if (++this.objectMisses > 4096 && this.objectHits < this.objectMisses) this.useObjects = false;
    }
    let byFile = this.byKey.get(f.name);
    if (byFile === undefined) this.byKey.set(f.name, (byFile = new Map()));
    let byLine = byFile.get(f.filename);
    if (byLine === undefined) byFile.set(f.filename, (byLine = new Map()));
    let rec = byLine.get(line);
    if (rec === undefined) {
      rec = this.make(f.name, f.filename, line, frameLabel({ name: f.name, filename: f.filename, shortFilename: f.shortFilename, line }, this.showLines), false, f.module);
      byLine.set(line, rec);
    }
    if (this.useObjects) this.byObject.set(f, rec);
    return rec;
  }

  /** A synthetic frame (thread or process root): empty filename, line 0, label = name. */
  synthetic(name: string): FrameRec {
    let rec = this.synthetics.get(name);
    if (rec === undefined) this.synthetics.set(name, (rec = this.make(name, '', 0, name, true)));
    return rec;
  }

  private make(name: string, filename: string, line: number, label: string, synthetic: boolean, module?: string): FrameRec {
    let labelId = this.byLabel.get(label);
    if (labelId === undefined) {
      labelId = this.labels.length;
      this.labels.push(label);
      this.byLabel.set(label, labelId);
    }
    const rec: FrameRec = { id: this.recs.length, name, filename, line, module, label, labelId, synthetic };
    this.recs.push(rec);
    return rec;
  }
}
