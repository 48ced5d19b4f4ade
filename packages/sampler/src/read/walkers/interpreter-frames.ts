/**
 * The frame walker of CPython 3.11+: a chain of _PyInterpreterFrames linked by `previous` in the
 * thread's data stack, and where a thread's chain starts (which the native merge needs too).
 */
import { frameOwners, type InterpreterFramesLayout } from '@pyglass/cpython-layouts';
import type { PageCache } from '../../memory/pagecache.js';
import type { Untag } from '../../objects/stack-refs.js';
import { LoopCheck, MAX_FRAMES } from './depth.js';
import { FrameFlag, FrameWalker, READ_AHEAD_BYTES, READ_AHEAD_DEPTH, SEEN_SET_DEPTH, StackChanged } from './walker.js';

/** The innermost _PyInterpreterFrame of a 3.11+ thread: tstate->current_frame (3.13+) or tstate->cframe->current_frame (3.11–3.12). */
export function currentInterpreterFrame(m: PageCache, L: InterpreterFramesLayout, tstate: number): number {
  if (L.currentFrame === 'thread-state') return m.u64(tstate + L.thread_state.current_frame);
  const cf = m.u64(tstate + L.thread_state.cframe);
  return cf ? m.u64(cf + L.cframe.current_frame) : 0;
}

/** Byte offset of a 3.11+ frame's instruction pointer `instr` from its code object `code`. */
export function instructionOffset(L: InterpreterFramesLayout, code: number, instr: number): number {
  return instr - code - L.code_object.co_code_adaptive;
}

/** A data-stack chunk claiming more than this is garbage (not prefetched). */
const MAX_PREFETCH_CHUNK = 16 << 20;

export class InterpreterFrameWalker extends FrameWalker {
  private readonly skipOwners: number[];
  /** Highest FRAME_OWNED_BY_* value of this version (a frame claiming more is not a frame). */
  private readonly maxOwner: number;

  /**
   * `snapshot`: the memory is a core file, so a torn stack is impossible and a frame that reads as
   * all zeros is memory the snapshot lacks, where the walk stops (see `stoppedAt`).
   */
  constructor(
    m: PageCache,
    private readonly L: InterpreterFramesLayout,
    private readonly untag: Untag,
    private readonly snapshot: boolean,
  ) {
    super(m);
    const owners = frameOwners(L);
    this.skipOwners = [...owners.cStack];
    this.maxOwner = owners.max;
  }

  /** The used part of the thread's data-stack chunk and, 3.11–3.12, its cframe's current_frame. */
  want(t: number): void {
    const m = this.m;
    const L = this.L;
    const ts = L.thread_state;
    if (ts.datastack_chunk !== undefined && ts.datastack_top !== undefined) {
      const chunk = m.u64(t + ts.datastack_chunk);
      const top = m.u64(t + ts.datastack_top);
      if (chunk && top > chunk && top - chunk < MAX_PREFETCH_CHUNK) m.want(chunk, top - chunk);
    }
    if (L.currentFrame === 'cframe') {
      const cf = m.u64(t + L.thread_state.cframe);
      if (cf) m.want(cf + L.cframe.current_frame, 8);
    }
  }

  protected chain(t: number, start: number, defer: boolean): number {
    const m = this.m;
    const seen = this.seen;
    const L = this.L;
    let n = 0;
    const I = L.interpreter_frame;
    let f = start || currentInterpreterFrame(m, L, t);
    const adaptive = L.code_object.co_code_adaptive;
    const skip = this.skipOwners;
    // A complete chain ends at an entry frame (3.11: is_entry; 3.12+: a C-stack/interpreter-owned
    // shim). A frame that is still being pushed has previous == NULL: ending there means the stack
    // changed while it was read (nonblocking), so the truncated stack is refused, not reported.
    let endsAtEntry = true;
    const loop = new LoopCheck();
    while (f) {
      if (n < SEEN_SET_DEPTH ? seen.has(f) : loop.repeats(f)) break;
      if (n >= MAX_FRAMES) {
        this.truncate();
        endsAtEntry = true;
        break;
      }
      if (n < SEEN_SET_DEPTH) seen.add(f);
      if (!m.has(f)) {
        // outer frames sit below in the same data-stack chunk
        if (n >= READ_AHEAD_DEPTH) m.readAround(f, READ_AHEAD_BYTES - 4096, 4096);
        else if (defer) return this.deferTo(f);
      }
      const prev = m.u64(f + I.previous);
      const owner = m.u8(f + I.owner);
      if (this.snapshot && prev === 0 && m.u64(f + I.executable) === 0 && m.u64(f + I.instr_ptr) === 0) {
        this.stopAt(f);
        endsAtEntry = true;
        break;
      }
      if (skip.length && (owner === skip[0] || owner === skip[1])) {
        if (n > 0) this.mark(n - 1, FrameFlag.Entry | FrameFlag.Shim);
        endsAtEntry = true;
        f = prev;
        continue;
      }
      const code = this.untag(m.u64(f + I.executable));
      const instr = m.u64(f + I.instr_ptr);
      // Not a frame: a stale current-frame pointer led into other data (3.11 points tstate->cframe
      // at a new cframe before setting its current_frame). A real frame has code, a known owner
      // and a 0/1 is_entry; anything else would end the walk early and pass as a whole stack.
      const entryByte = I.is_entry !== undefined ? m.u8(f + I.is_entry) : 0;
      if (code === 0 || owner > this.maxOwner || entryByte > 1) throw new StackChanged('the stack changed while it was being read');
      let flags = 0;
      if (entryByte !== 0) flags |= FrameFlag.Entry;
      endsAtEntry = skip.length === 0 ? I.is_entry === undefined || flags !== 0 : false;
      this.push(n++, code, instr - code - adaptive, f, flags);
      f = prev;
    }
    if (!endsAtEntry && !start) throw new StackChanged('the stack changed while it was being read');
    return n;
  }
}
