import { StackCollector, type StackNode } from '@pyglass/exporters';
import type { SpanRef, StackTrace } from '@pyglass/model';
import type { SeriesBuilder } from '../window.js';

/**
 * One process's samples in an OTLP window. OTLP keeps a timestamp per sample, so each sample is kept
 * (its stack as a leaf of the exporters' stack trie, its time and its span) rather than only counted;
 * the window bounds how many there are.
 */
export class OtlpSeries implements SeriesBuilder {
  readonly stacks: StackCollector;
  /** Per sample, in order: the leaf of its stack (the leaf knows its thread), its time (ms), its span. */
  readonly leaves: StackNode[] = [];
  readonly times: number[] = [];
  readonly spans: Array<SpanRef | undefined> = [];

  constructor(showLines: boolean) {
    this.stacks = new StackCollector({ showLines, includeThreadIds: false, byLabel: false, perThread: true });
  }

  add(trace: StackTrace, timeMs: number): void {
    const thread = this.stacks.thread(trace);
    const leaf = this.stacks.path(trace, thread);
    this.stacks.count(leaf);
    this.leaves.push(leaf);
    this.times.push(timeMs);
    this.spans.push(trace.span);
  }

  get samples(): number {
    return this.times.length;
  }
}
