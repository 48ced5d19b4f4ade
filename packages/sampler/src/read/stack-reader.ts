/**
 * One sample's read of every thread's Python stack, in batched phases, and its decode once the
 * target runs again.
 *
 * Per sample, reads go through a PageCache and are batched by phase, so a sample costs a handful of
 * process_vm_readv calls whatever the number of threads and frames (3.11+):
 *   1. the pages of last sample's thread states (one batch), then the thread list walk;
 *   2. what each thread's walk starts in (the walker's `want`: 3.11+ data-stack chunks, cframes)
 *      and the GIL state (one batch);
 *   3. frame walks inside those local copies (walkers/, one per frame model);
 *   4. the identity fields of every distinct code object (one batch) to validate the code cache.
 * ≤3.10 frame objects are heap objects: their pages are fetched on demand (one read per new page).
 *
 * Its collaborators are given in the constructor (see attach/readers.ts): the thread list
 * (thread-list.ts), the GIL owners (gil.ts), the frame walker (walkers/), the code objects with their
 * line tables (decode/code-cache.ts) and the raw → Frame step (decode/frames.ts).
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import type { CodeCache } from '../decode/code-cache.js';
import type { FrameDecoder } from '../decode/frames.js';
import { StackMemo } from '../decode/stack-memo.js';
import type { PageCache } from '../memory/pagecache.js';
import { isUnreadable } from '../objects/objects.js';
import { LineNo, type Frame } from '../types.js';
import type { GilOwners } from './gil.js';
import { isAttached, markNested, type InterpreterRef, type NestableThread } from './interpreters.js';
import type { ThreadList } from './thread-list.js';
import { truncatedStackFrame } from './walkers/depth.js';
import type { FrameWalker, RawStack } from './walkers/walker.js';

export type { RawStack } from './walkers/walker.js';

/** Batched rounds for walks that leave the fetched pages; the last round reads what it still needs alone. */
const MAX_DEFER_ROUNDS = 4;

/** One thread as read in a sample (before names / idle are added). */
export interface RawThread {
  tstate: number;
  /** Id of the interpreter the thread state belongs to (0: the main interpreter). */
  interpreterId: number;
  /** True when this OS thread runs in another interpreter meanwhile (this thread state waits in the call). */
  nested?: boolean | undefined;
  threadId: number;
  /** OS tid from the thread state (3.11+) or glibc's struct pthread; 0 when unknown. */
  osThreadId: number;
  ownsGil: boolean;
  frames: Frame[];
  error?: Error | undefined;
  /** Set when the stack is deeper than MAX_FRAMES: the outer frames are replaced by one marker frame. */
  truncated?: boolean | undefined;
  /**
   * Snapshots only: the frames end early at this frame, which the memory holds only zeros for
   * (the snapshot lacks it); undefined when the stack is complete.
   */
  stoppedAt?: number | undefined;
}

export interface ReadOptions {
  lineNo: LineNo;
  gilOnly: boolean;
  dumpLocals: number;
}

/** What `readRaw` copied out of the target (addresses only), for `decode` once the target runs again. */
export interface RawRead {
  threads: RawThread[];
  stacks: RawStack[];
}

/** What a StackReader is given: the target's page cache and layout, and its collaborators. */
export interface StackReaderParts {
  readonly memory: PageCache;
  readonly layout: PythonLayout;
  readonly threads: ThreadList;
  readonly gil: GilOwners;
  readonly walker: FrameWalker;
  readonly codes: CodeCache;
  readonly frames: FrameDecoder;
  /**
   * ≤3.10 thread states do not hold the OS thread id: read it at this offset in the pthread
   * struct the Python thread id points to (the C library's business, so the caller's).
   */
  readonly pthreadTidOffset?: number | undefined;
}

/** More per-interpreter reads for the batch that reads the GIL state (the thread-state flags). */
export interface GilBatch {
  want(interps: readonly InterpreterRef[]): void;
  read(interps: readonly InterpreterRef[]): void;
}

export class StackReader {
  private readonly m: PageCache;
  private readonly L: PythonLayout;
  private readonly threadList: ThreadList;
  private readonly gilOwners: GilOwners;
  private readonly walker: FrameWalker;
  private readonly codes: CodeCache;
  private readonly decoder: FrameDecoder;
  private withGilBatch: GilBatch | undefined;
  private readonly memo = new StackMemo();
  /** Read glibc's struct pthread tid for ≤3.10 threads. */
  private readonly pthreadTidOffset: number | undefined;

  constructor(parts: StackReaderParts) {
    this.m = parts.memory;
    this.L = parts.layout;
    this.threadList = parts.threads;
    this.gilOwners = parts.gil;
    this.walker = parts.walker;
    this.codes = parts.codes;
    this.decoder = parts.frames;
    this.pthreadTidOffset = parts.pthreadTidOffset;
  }

  /** Adds reads to the batch that reads the GIL state (once, before the first sample). */
  addGilBatch(batch: GilBatch): void {
    this.withGilBatch = batch;
  }

  /** The interpreters of the last sample, newest first (the main one is last). */
  lastInterpreters(): readonly InterpreterRef[] {
    return this.threadList.interpreters();
  }

  /** Reads every thread's stack: `decode(readRaw(opts), opts)`. */
  read(opts: ReadOptions): RawThread[] {
    return this.decode(this.readRaw(opts), opts);
  }

  /**
   * The reads of a sample (call it while the target is paused, when blocking): thread list, stack
   * chunks, frame walks and the identity fields of every code object, in a few batched reads.
   */
  readRaw(opts: ReadOptions): RawRead {
    const m = this.m;
    const L = this.L;
    const ts = L.thread_state;
    const walker = this.walker;
    m.startSample();
    this.codes.newSample();
    const tstates = this.threadList.read();

    // Phase 2: queue frame memory, cframes and the GIL state.
    const interps = this.threadList.interpreters();
    this.gilOwners.want(interps);
    this.withGilBatch?.want(interps);
    for (const t of tstates) {
      walker.want(t);
      if (ts.native_thread_id === undefined && this.pthreadTidOffset !== undefined) {
        const tid = m.u64(t + ts.thread_id);
        if (tid) m.want(tid + this.pthreadTidOffset, 4);
      }
    }
    m.flush();
    this.gilOwners.read(interps);
    this.withGilBatch?.read(interps);
    const oneOwner = !this.gilOwners.manyOwners(interps.length);

    // Phase 3: frame walks → raw frames per thread.
    const threads: RawThread[] = [];
    const rawByThread: RawStack[] = [];
    const nestable: Array<NestableThread & { rt: RawThread }> = [];
    const walked = (rt: RawThread, n: number): void => {
      if (interps.length > 1) nestable.push({ threadId: rt.threadId, interpreterId: rt.interpreterId, depth: n, attached: isAttached(m, L, rt.tstate), rt });
    };
    let deferred: Array<[RawThread, number]> = [];
    for (let i = 0; i < tstates.length; i++) {
      const t = tstates[i]!;
      const ownsGil = this.gilOwners.owns(t);
      if (opts.gilOnly && !ownsGil) continue;
      const rt: RawThread = { tstate: t, interpreterId: this.threadList.interpreterIdOf(i), threadId: 0, osThreadId: 0, ownsGil, frames: [] };
      threads.push(rt);
      try {
        rt.threadId = m.u64(t + ts.thread_id);
        if (ts.native_thread_id !== undefined) rt.osThreadId = m.u64(t + ts.native_thread_id);
        else if (this.pthreadTidOffset !== undefined && rt.threadId) {
          try {
            rt.osThreadId = m.u32(rt.threadId + this.pthreadTidOffset);
          } catch (e) {
            if (!isUnreadable(e)) throw e; // the OS tid stays unknown
          }
        }
        const n = this.walkThread(rt, threads.length - 1, rawByThread, true);
        if (n < 0) deferred.push([rt, threads.length - 1]);
        else walked(rt, n);
      } catch (e) {
        rt.error = e as Error;
      }
      if (opts.gilOnly && oneOwner) break;
    }
    // Walks that met a frame outside the fetched pages (3.13+: each thread's entry frame on its C
    // stack; ≤3.10: frame objects) fetch those pages for all threads in one batch, then go again.
    for (let round = 1; deferred.length > 0; round++) {
      m.flush();
      const again: Array<[RawThread, number]> = [];
      for (const [rt, i] of deferred) {
        try {
          const n = this.walkThread(rt, i, rawByThread, round < MAX_DEFER_ROUNDS);
          if (n < 0) again.push([rt, i]);
          else walked(rt, n);
        } catch (e) {
          rt.error = e as Error;
        }
      }
      deferred = again;
    }
    if (nestable.length > 1) {
      markNested(nestable);
      for (const n of nestable) if (n.nested) n.rt.nested = true;
    }

    // Phase 4: the identity fields of every code object (one batch), read while still paused. A
    // code object repeated in the next frame (recursion) is the same entry: it is looked up once.
    for (const { codes } of rawByThread) {
      let last = 0;
      for (const c of codes) {
        if (c !== last) this.codes.want(c);
        last = c;
      }
    }
    m.flush();
    // Code objects seen for the first time (or changed since): their name, filename and line table
    // are read now, still paused, as the memory could be freed and reused once the target runs.
    // Cached ones are only revalidated here (the identity fields are already in the page cache).
    const withLines = opts.lineNo === LineNo.LastInstruction;
    for (const { codes } of rawByThread) {
      let last = 0;
      for (const c of codes) {
        if (c === last) continue;
        last = c;
        const e = this.codes.get(c);
        if (e && withLines) this.codes.loadTable(e);
      }
    }
    return { threads, stacks: rawByThread };
  }

  /**
   * Builds the frames of a `readRaw` result (call it after the target resumed): pure computation
   * over the code objects `readRaw` validated or loaded (except locals, and without the cache).
   */
  decode(raw: RawRead, opts: ReadOptions): RawThread[] {
    const threads = raw.threads;
    const memo = this.memo;
    memo.startSample();
    for (const stack of raw.stacks) {
      const rt = threads[stack.thread]!;
      try {
        // a thread whose frames are the ones it had last sample gets the same frames array back
        const memoable = opts.dumpLocals === 0 && !rt.truncated;
        const again = memoable ? memo.reuse(rt.tstate, stack, this.codes.generation, opts.lineNo) : undefined;
        if (again) {
          rt.frames = again;
          continue;
        }
        rt.frames = this.decoder.resolve(stack, opts);
        if (rt.truncated) rt.frames.push(truncatedStackFrame());
        else if (memoable) memo.store(rt.tstate, stack, rt.frames, this.codes.generation, opts.lineNo);
      } catch (e) {
        rt.error = e as Error;
      }
    }
    return threads;
  }

  /**
   * Walks one thread into `rawByThread` (entry `index`) and returns its depth; with `defer`, a walk
   * that needs a page not fetched yet queues it and returns -1 instead of reading it alone.
   */
  private walkThread(rt: RawThread, index: number, rawByThread: RawStack[], defer: boolean): number {
    const walker = this.walker;
    const n = walker.walk(rt.tstate, 0, defer);
    if (n < 0) return n;
    if (walker.truncated) rt.truncated = true;
    if (walker.stoppedAt) rt.stoppedAt = walker.stoppedAt;
    rawByThread.push(walker.stack(index, n));
    return n;
  }

  /**
   * Frames of a chain that no thread state points to (a suspended greenlet), innermost first, read
   * in full now (call it while paused, after readRaw): `start` is a PyFrameObject (≤3.10) or a
   * _PyInterpreterFrame (3.11+), and a NULL link ends the chain.
   */
  readChain(start: number, opts: ReadOptions): Frame[] {
    const walker = this.walker;
    const n = walker.walk(0, start);
    const raw = walker.frames(n);
    for (const c of raw.codes) {
      const e = this.codes.get(c);
      if (e && opts.lineNo === LineNo.LastInstruction) this.codes.loadTable(e);
    }
    const frames = this.decoder.resolve(raw, opts);
    if (walker.truncated) frames.push(truncatedStackFrame());
    return frames;
  }

  /** Diagnostics: process_vm_readv calls and pages so far. */
  stats(): { syscalls: number; pages: number; codeObjects: number } {
    return { syscalls: this.m.syscalls, pages: this.m.pagesRead, codeObjects: this.codes.size };
  }
}
