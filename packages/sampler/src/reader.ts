/**
 * The hot path: walking every thread's Python stack out of target memory.
 *
 * Per sample, reads go through a PageCache and are batched by phase, so a sample costs a handful of
 * process_vm_readv calls whatever the number of threads and frames (3.11+):
 *   1. the pages of last sample's thread states (one batch), then the thread list walk;
 *   2. the used part of every thread's datastack chunk + cframes + GIL state (one batch);
 *   3. frame walks inside those local copies;
 *   4. the identity fields of every distinct code object (one batch) to validate the code cache.
 * ≤3.10 frame objects are heap objects: their pages are fetched on demand (one read per new page).
 *
 * The walkers live here; the thread list (thread-list.ts), the code objects with their line tables
 * and interned frames (code-cache.ts) and the locals (locals.ts) are collaborators of their own.
 */
import { frameOwners, type FrameObjectsLayout, type InterpreterFramesLayout, type PythonLayout } from '@pyglass/cpython-layouts';
import { AddressSet } from './address-table.js';
import { LoopCheck, MAX_FRAMES, truncatedStackFrame } from './depth.js';
import { currentInterpreterFrame } from './interpreter-frames.js';
import { CodeCache, type CodeEntry } from './code-cache.js';
import { GilOwners } from './gil.js';
import { isAttached, markNested, type InterpreterRef, type NestableThread } from './interpreters.js';
import { LocalsReader } from './locals.js';
import type { InterpreterLocation } from './locate.js';
import { GarbageObject, isUnreadable, type ObjectReader } from './objects.js';
import type { PageCache } from './pagecache.js';
import { StackMemo } from './stack-memo.js';
import { ThreadList } from './thread-list.js';
import { LineNo, type Frame } from './types.js';

/** A frame chain that changed while it was read (nonblocking): the structures themselves are valid. */
export class StackChanged extends GarbageObject {
  override name = 'StackChanged';
}

/** Deeper than this, a walk that leaves the prefetched memory reads READ_AHEAD_BYTES at a time. */
const READ_AHEAD_DEPTH = 256;
const READ_AHEAD_BYTES = 64 * 1024;

/**
 * Frames up to this depth are checked for a loop with a set; deeper ones with Brent's algorithm
 * (no allocation: a set of 50,000 addresses per sample is most of a deep walk's cost).
 */
const SEEN_SET_DEPTH = 4096;
/** Batched rounds for walks that leave the fetched pages; the last round reads what it still needs alone. */
const MAX_DEFER_ROUNDS = 4;

/** Raw frame flags (bits): entered from C (py-spy's is_entry); entered from a shim or outermost (is_shim_entry). */
const FrameFlag = { Entry: 1, Shim: 2 } as const;

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

/** Walked frames as addresses, innermost first (parallel arrays, one entry per frame). */
export interface RawFrames {
  /** Code object of each frame. */
  codes: number[];
  /** Instruction offset of each frame (bytes into the code). */
  offsets: number[];
  /** Address of each frame (a frame object ≤3.10, an interpreter frame 3.11+). */
  frameAddresses: number[];
  /** FrameFlag bits of each frame. */
  flags: number[];
}

/** One walked thread's frames. */
export interface RawStack extends RawFrames {
  /** Index of the thread in RawRead.threads. */
  thread: number;
}

/** What `readRaw` copied out of the target (addresses only), for `decode` once the target runs again. */
export interface RawRead {
  threads: RawThread[];
  stacks: RawStack[];
}

export interface StackReaderOptions {
  /**
   * The memory is a snapshot (a core file), so a torn stack is impossible: a frame that reads as
   * all zeros is memory the snapshot lacks, where the walk stops (see RawThread.stoppedAt).
   */
  snapshot?: boolean | undefined;
  /**
   * Keep code objects (name, filename, line table, interned frames) across samples, revalidated
   * each sample by their identity fields (default). False reads and decodes every code object
   * afresh in every sample: the slow path the cache must match.
   */
  codeCache?: boolean | undefined;
  /** How filenames are shortened for display (Frame.shortFilename); none by default. */
  shortFilename?: ((filename: string) => string | undefined) | undefined;
  /**
   * ≤3.10 thread states do not hold the OS thread id: read it at this offset in the pthread
   * struct the Python thread id points to (the C library's business, so the caller's).
   */
  pthreadTidOffset?: number | undefined;
}

/** What a StackReader needs to know of the interpreter it reads. */
export type ReaderLocation = Pick<InterpreterLocation, 'layout' | 'interp' | 'gil' | 'codeType' | 'freeThreaded' | 'runtime'>;

/** More per-interpreter reads for the batch that reads the GIL state (the thread-state flags). */
export interface GilBatch {
  want(interps: readonly InterpreterRef[]): void;
  read(interps: readonly InterpreterRef[]): void;
}

export class StackReader {
  private readonly L: PythonLayout;
  private readonly minor: number;
  private readonly threadList: ThreadList;
  private readonly codes: CodeCache;
  private readonly localsReader: LocalsReader;
  private readonly gilOwners: GilOwners;
  private withGilBatch: GilBatch | undefined;
  private readonly seen = new AddressSet();
  private readonly memo = new StackMemo();
  private readonly skipOwners: number[];
  /** Highest FRAME_OWNED_BY_* value of this version (a frame claiming more is not a frame). */
  private readonly maxOwner: number;
  private readonly tagMod: number;
  /** Read glibc's struct pthread tid for ≤3.10 threads. */
  private readonly pthreadTidOffset: number | undefined;
  private readonly snapshot: boolean;
  /** Address of the zeroed frame the last walk stopped at (snapshot only), else 0. */
  private stoppedAt = 0;
  /** The last walk stopped at MAX_FRAMES. */
  private truncated = false;

  // Raw frames of the thread being read (reused across threads and samples).
  private rCode: number[] = [];
  private rOffset: number[] = [];
  private rAddr: number[] = [];
  private rFlags: number[] = [];

  /** `m` and `objs`: the target's page cache and object reader, shared with the other readers of the target. */
  constructor(
    private readonly m: PageCache,
    objs: ObjectReader,
    loc: ReaderLocation,
    options: StackReaderOptions = {},
  ) {
    this.pthreadTidOffset = options.pthreadTidOffset;
    this.snapshot = options.snapshot ?? false;
    this.L = loc.layout;
    const head = this.L.runtime_state?.interpreters_head;
    this.threadList = new ThreadList(m, this.L, loc.runtime !== undefined && head !== undefined ? loc.runtime + head : undefined, loc.interp);
    this.codes = new CodeCache(m, objs, this.L, { codeType: loc.codeType, shortFilename: options.shortFilename, enabled: options.codeCache ?? true });
    this.gilOwners = new GilOwners(this.m, this.L, loc.gil, loc.freeThreaded);
    this.minor = this.L.major === 2 ? 0 : this.L.minor;
    const L = this.L;
    const c = L.constants;
    const owners = L.frames === 'interpreter-frame' ? frameOwners(L) : { cStack: [], max: 0 };
    this.skipOwners = [...owners.cStack];
    this.maxOwner = owners.max;
    const tagBits = this.minor >= 13 ? (c.Py_TAG_BITS ?? c.Py_TAG_DEFERRED ?? 0) : 0;
    this.tagMod = tagBits ? tagBits + 1 : 0;
    this.localsReader = new LocalsReader(m, objs, L, (p) => this.untag(p));
  }

  /** Adds reads to the batch that reads the GIL state (once, before the first sample). */
  addGilBatch(batch: GilBatch): void {
    this.withGilBatch = batch;
  }

  /** The interpreters of the last sample, newest first (the main one is last). */
  lastInterpreters(): readonly InterpreterRef[] {
    return this.threadList.interpreters();
  }

  /** Pointer with _PyStackRef tag bits cleared (3.13+). */
  untag(p: number): number {
    return this.tagMod ? p - (p % this.tagMod) : p;
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
    m.startSample();
    this.codes.newSample();
    const tstates = this.threadList.read();

    // Phase 2: queue frame memory, cframes and the GIL state.
    const interps = this.threadList.interpreters();
    this.gilOwners.want(interps);
    this.withGilBatch?.want(interps);
    for (const t of tstates) {
      if (ts.datastack_chunk !== undefined && ts.datastack_top !== undefined) {
        const chunk = m.u64(t + ts.datastack_chunk);
        const top = m.u64(t + ts.datastack_top);
        if (chunk && top > chunk && top - chunk < 16 << 20) m.want(chunk, top - chunk);
      }
      if (L.currentFrame === 'cframe') {
        const cf = m.u64(t + L.thread_state.cframe);
        if (cf) m.want(cf + L.cframe.current_frame, 8);
      }
      if (L.frames === 'frame-object' && this.pthreadTidOffset !== undefined) {
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

    // Phase 4: the identity fields of every code object (one batch), read while still paused.
    for (const { codes } of rawByThread) for (const c of codes) this.codes.want(c);
    m.flush();
    // Code objects seen for the first time (or changed since): their name, filename and line table
    // are read now, still paused, as the memory could be freed and reused once the target runs.
    // Cached ones are only revalidated here (the identity fields are already in the page cache).
    const withLines = opts.lineNo === LineNo.LastInstruction;
    for (const { codes } of rawByThread) {
      for (const c of codes) {
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
        rt.frames = this.resolve(stack, opts);
        if (rt.truncated) rt.frames.push(truncatedStackFrame());
        else if (memoable) memo.store(rt.tstate, stack, rt.frames, this.codes.generation, opts.lineNo);
      } catch (e) {
        rt.error = e as Error;
      }
    }
    return threads;
  }

  private push(n: number, code: number, offset: number, addr: number, flags: number): void {
    this.rCode[n] = code;
    this.rOffset[n] = offset;
    this.rAddr[n] = addr;
    this.rFlags[n] = flags;
  }

  /**
   * Walks one thread into `rawByThread` (entry `index`) and returns its depth; with `defer`, a walk
   * that needs a page not fetched yet queues it and returns -1 instead of reading it alone.
   */
  private walkThread(rt: RawThread, index: number, rawByThread: RawStack[], defer: boolean): number {
    const n = this.walk(rt.tstate, 0, defer);
    if (n < 0) return n;
    if (this.truncated) rt.truncated = true;
    if (this.stoppedAt) rt.stoppedAt = this.stoppedAt;
    rawByThread.push({ thread: index, codes: this.rCode.slice(0, n), offsets: this.rOffset.slice(0, n), frameAddresses: this.rAddr.slice(0, n), flags: this.rFlags.slice(0, n) });
    return n;
  }

  /**
   * Frames of a chain that no thread state points to (a suspended greenlet), innermost first, read
   * in full now (call it while paused, after readRaw): `start` is a PyFrameObject (≤3.10) or a
   * _PyInterpreterFrame (3.11+), and a NULL link ends the chain.
   */
  readChain(start: number, opts: ReadOptions): Frame[] {
    const n = this.walk(0, start);
    const codes = this.rCode.slice(0, n);
    for (const c of codes) {
      const e = this.codes.get(c);
      if (e && opts.lineNo === LineNo.LastInstruction) this.codes.loadTable(e);
    }
    const frames = this.resolve({ codes, offsets: this.rOffset.slice(0, n), frameAddresses: this.rAddr.slice(0, n), flags: this.rFlags.slice(0, n) }, opts);
    if (this.truncated) frames.push(truncatedStackFrame());
    return frames;
  }

  /**
   * Walks one thread's frames (or the chain at `start`, see readChain) into the raw arrays; returns
   * the count, or -1 when `defer` is set and a frame lies on a page not fetched yet (queued with want).
   * One walker per frame model: frame objects (≤3.10) and interpreter frames (3.11+).
   */
  private walk(t: number, start = 0, defer = false): number {
    this.seen.clear();
    this.stoppedAt = 0;
    this.truncated = false;
    const L = this.L;
    const n = L.frames === 'interpreter-frame' ? this.walkInterpreterFrames(L, t, start, defer) : this.walkFrameObjects(L, t, start, defer);
    if (n > 0) this.rFlags[n - 1] = this.rFlags[n - 1]! | FrameFlag.Shim;
    return n;
  }

  /** ≤3.10: a chain of PyFrameObjects linked by f_back; every frame is entered from C. */
  private walkFrameObjects(L: FrameObjectsLayout, t: number, start: number, defer: boolean): number {
    const m = this.m;
    const seen = this.seen;
    let n = 0;
    const F = L.frame_object;
    const lastiScale = this.minor === 10 ? 2 : 1;
    let f = start || m.u64(t + L.thread_state.frame);
    const refcnt = L.pyobject.ob_refcnt;
    const loop = new LoopCheck();
    while (f) {
      if (n < SEEN_SET_DEPTH ? seen.has(f) : loop.repeats(f)) throw new StackChanged('the frame chain loops: the stack changed while it was being read');
      if (n >= MAX_FRAMES) {
        this.truncated = true;
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

  /** 3.11+: a chain of _PyInterpreterFrames linked by previous, in the thread's data stack. */
  private walkInterpreterFrames(L: InterpreterFramesLayout, t: number, start: number, defer: boolean): number {
    const m = this.m;
    const seen = this.seen;
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
        this.truncated = true;
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
        this.stoppedAt = f;
        endsAtEntry = true;
        break;
      }
      if (skip.length && (owner === skip[0] || owner === skip[1])) {
        if (n > 0) this.rFlags[n - 1] = this.rFlags[n - 1]! | FrameFlag.Entry | FrameFlag.Shim;
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

  /** Queues the frame at `f` for the next batch; the walk is redone after it (see walkThread). */
  private deferTo(f: number): number {
    this.m.want(f, 64);
    return -1;
  }

  private resolve(raw: RawFrames, opts: ReadOptions): Frame[] {
    const { codes, offsets, frameAddresses: addrs, flags } = raw;
    const out: Frame[] = [];
    let prevEntry: CodeEntry | undefined;
    for (let i = 0; i < codes.length; i++) {
      const e = this.codes.get(codes[i]!);
      if (!e || e.filename === '<shim>' || e.filename === '') {
        // not a code object, or a shim: the previous (callee) frame was entered from C
        const last = out.length - 1;
        if (last >= 0 && prevEntry && !out[last]!.isShimEntry) {
          const p = out[last]!;
          const f = this.codes.frame(prevEntry, p.line, p.isEntry, true);
          out[last] = p.locals ? { ...f, locals: p.locals } : f;
        }
        continue;
      }
      let line = 0;
      if (opts.lineNo === LineNo.First) line = e.firstLine;
      else if (opts.lineNo === LineNo.LastInstruction) line = this.codes.line(e, offsets[i]!);
      const f = flags[i]!;
      let frame = this.codes.frame(e, line, (f & FrameFlag.Entry) !== 0, (f & FrameFlag.Shim) !== 0);
      if (opts.dumpLocals > 0) frame = { ...frame, locals: this.localsReader.read(codes[i]!, addrs[i]!, opts.dumpLocals) };
      out.push(frame);
      prevEntry = e;
    }
    return out;
  }

  /**
   * The frame of code object `code` at instruction byte `offset` (a suspended coroutine's frame, read
   * by the asyncio module), or undefined when `code` is not a code object or is a shim. With
   * `dumpLocals`, the locals of the frame at `frame` (a frame object ≤3.10, an interpreter frame 3.11+).
   */
  frameAt(code: number, offset: number, lineNo: LineNo, frame = 0, dumpLocals = 0): Frame | undefined {
    const e = this.codes.get(code);
    if (!e || e.filename === '<shim>' || e.filename === '') return undefined;
    const line = lineNo === LineNo.First ? e.firstLine : lineNo === LineNo.LastInstruction ? this.codes.line(e, offset) : 0;
    const f = this.codes.frame(e, line, false, false);
    return dumpLocals > 0 && frame ? { ...f, locals: this.localsReader.read(code, frame, dumpLocals) } : f;
  }

  /** Byte offset of a 3.11+ frame's instruction pointer from its code object (see walk). */
  instructionOffset(L: InterpreterFramesLayout, code: number, instr: number): number {
    return instr - code - L.code_object.co_code_adaptive;
  }

  /** Diagnostics: process_vm_readv calls and pages so far. */
  stats(): { syscalls: number; pages: number; codeObjects: number } {
    return { syscalls: this.m.syscalls, pages: this.m.pagesRead, codeObjects: this.codes.size };
  }
}
