/**
 * The last decoded stack of each thread, reused when a sample reads the same frames again (an idle
 * thread, a process that sleeps between requests): its frames array comes back as is, with no code
 * look-up, line-table search or allocation.
 *
 * Reuse is decided on what the frames are built from, compared in full, never on a fingerprint:
 * every frame's code object address, instruction offset and entry flags, and the code cache's
 * generation — any code object added, replaced or dropped since the memo was stored (a freed code
 * object whose address was reused) invalidates every memo, so a changed stack cannot come back as
 * the old one.
 */
import type { LineNo, Frame } from '../types.js';

/** What a thread's frames were decoded from (the reader's RawStack arrays, innermost first). */
export interface StackSource {
  codes: number[];
  offsets: number[];
  flags: number[];
}

interface Memo {
  source: StackSource;
  frames: Frame[];
  generation: number;
  lineNo: LineNo;
  /** Sample stamp of the last store or hit (memos of threads that are gone are dropped). */
  stamp: number;
}

export class StackMemo {
  private readonly byThread = new Map<number, Memo>();
  private stamp = 0;

  /** Starts a sample: memos neither hit nor stored during the last one are dropped. */
  startSample(): void {
    const last = this.stamp++;
    if (this.byThread.size > 0) for (const [k, m] of this.byThread) if (m.stamp < last) this.byThread.delete(k);
  }

  /**
   * The frames stored for `thread` when `source` holds the same frames as then, under the same code
   * cache generation and line mode; else undefined.
   */
  reuse(thread: number, source: StackSource, generation: number, lineNo: LineNo): Frame[] | undefined {
    const m = this.byThread.get(thread);
    if (m === undefined || m.generation !== generation || m.lineNo !== lineNo) return undefined;
    const a = m.source;
    const n = source.codes.length;
    if (a.codes.length !== n) return undefined;
    // innermost first: that is where a running thread's stack differs
    for (let i = 0; i < n; i++) {
      if (a.offsets[i] !== source.offsets[i] || a.codes[i] !== source.codes[i] || a.flags[i] !== source.flags[i]) return undefined;
    }
    m.stamp = this.stamp;
    return m.frames;
  }

  /** Remembers the frames decoded from `source` (kept by reference: neither may change afterwards). */
  store(thread: number, source: StackSource, frames: Frame[], generation: number, lineNo: LineNo): void {
    const m = this.byThread.get(thread);
    if (m === undefined) {
      this.byThread.set(thread, { source, frames, generation, lineNo, stamp: this.stamp });
      return;
    }
    m.source = source;
    m.frames = frames;
    m.generation = generation;
    m.lineNo = lineNo;
    m.stamp = this.stamp;
  }

  clear(): void {
    this.byThread.clear();
  }
}
