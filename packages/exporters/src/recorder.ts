import type { StackTrace } from '@pyglass/model';
import { checkOptions, showsLines, type RecorderOptions } from './options.js';
import { StackCollector, type CollectorOptions, type StackNode, type ThreadState } from './stacks.js';

/** Accumulates traces (one add() per trace that passed the filters) and renders one output file. */
export interface Recorder {
  /** The format's name (its registry key). */
  readonly format: string;
  /** Record one trace taken at timeMs (ms since the epoch). */
  add(trace: StackTrace, timeMs: number): void;
  /** Render the file. chrometrace with a sink writes the tail to the sink and returns an empty array. */
  finish(): Uint8Array;
  /** Traces recorded so far (py-spy's "Samples"). 0 means the output says "No samples". */
  readonly samples: number;
  /** Distinct stacks held in memory (per thread for speedscope and pprof). */
  readonly distinctStacks: number;
}

/** Shared plumbing: options, the stack collector, sample count, first/last sample time. */
export abstract class BaseRecorder implements Recorder {
  abstract readonly format: string;
  protected readonly collector: StackCollector;
  protected readonly showLines: boolean;
  protected firstTime: number | undefined;
  protected lastTime: number | undefined;

  constructor(
    readonly options: RecorderOptions,
    layout: Pick<CollectorOptions, 'byLabel' | 'perThread'>,
  ) {
    checkOptions(options);
    this.showLines = showsLines(options);
    this.collector = new StackCollector({ showLines: this.showLines, includeThreadIds: options.includeThreadIds, ...layout });
  }

  get samples(): number {
    return this.collector.total;
  }

  get distinctStacks(): number {
    return this.collector.distinctStacks;
  }

  add(trace: StackTrace, timeMs: number): void {
    if (this.firstTime === undefined) this.firstTime = timeMs;
    this.lastTime = timeMs;
    const t = this.collector.thread(trace);
    const node = this.collector.path(trace, t);
    this.collector.count(node);
    this.added(t, node, timeMs, trace);
  }

  /** Hook for per-sample work beyond counting (speedscope runs, chrometrace events, pprof span labels). */
  protected added(_thread: ThreadState, _node: StackNode, _timeMs: number, _trace: StackTrace): void {}

  finish(): Uint8Array {
    return new TextEncoder().encode(this.render());
  }

  protected abstract render(): string;
}
