/** The frame walker of CPython ≤3.10: a chain of heap PyFrameObjects linked by f_back. */
import type { FrameObjectsLayout } from '@pyglass/cpython-layouts';
import type { PageCache } from '../../memory/pagecache.js';
import { LoopCheck, MAX_FRAMES } from './depth.js';
import { FrameFlag, FrameWalker, READ_AHEAD_BYTES, READ_AHEAD_DEPTH, SEEN_SET_DEPTH, StackChanged } from './walker.js';

export class FrameObjectWalker extends FrameWalker {
  /** Bytes per f_lasti unit (2 where it counts code units, 3.10). */
  private readonly lastiScale: number;

  constructor(m: PageCache, private readonly L: FrameObjectsLayout) {
    super(m);
    this.lastiScale = L.lasti === 'code-units' ? 2 : 1;
  }

  /** Frame objects are heap objects: their pages are fetched on demand (deferred), nothing up front. */
  want(_tstate: number): void {}

  /** Every frame is entered from C. */
  protected chain(t: number, start: number, defer: boolean): number {
    const m = this.m;
    const seen = this.seen;
    const L = this.L;
    let n = 0;
    const F = L.frame_object;
    const lastiScale = this.lastiScale;
    let f = start || m.u64(t + L.thread_state.frame);
    const refcnt = L.pyobject.ob_refcnt;
    const loop = new LoopCheck();
    while (f) {
      if (n < SEEN_SET_DEPTH ? seen.has(f) : loop.repeats(f)) throw new StackChanged('the frame chain loops: the stack changed while it was being read');
      if (n >= MAX_FRAMES) {
        this.truncate();
        break;
      }
      if (n < SEEN_SET_DEPTH) seen.add(f);
      if (!m.has(f)) {
        if (n >= READ_AHEAD_DEPTH) m.readAround(f, READ_AHEAD_BYTES / 2, READ_AHEAD_BYTES / 2);
        else if (defer) return this.deferTo(f);
      }
      // A live frame is referenced; a freed one (free list, zombie frame) has no references and its
      // f_back links the free list: the stack changed while it was read (nonblocking).
      if (refcnt !== undefined && m.i64(f + refcnt) <= 0) throw new StackChanged('the stack changed while it was being read');
      this.push(n++, m.u64(f + F.f_code), m.i32(f + F.f_lasti) * lastiScale, f, FrameFlag.Entry);
      f = m.u64(f + F.f_back);
    }
    return n;
  }
}
