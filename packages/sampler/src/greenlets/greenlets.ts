/**
 * Greenlets (the `greenlet` package: gevent, eventlet): every greenlet's Python stack, read from the
 * greenlet objects. The running greenlet's frames are its thread's frames; a suspended greenlet keeps
 * its frame chain in the object (`gr_frame`, then `f_back` ≤3.10 or the interpreter frames'
 * `previous` links 3.11+, which greenlet leaves walkable and NULL-terminated).
 *
 * Finding them: greenlet keeps no registry, but every greenlet is on a GC list (allocated with
 * PyObject_GC_New even though `gc.is_tracked()` says False for live ones): the lists (GcLists) are
 * walked before the pause, at most every REFRESH_MS, and the greenlets found are re-validated in
 * every sample in between.
 *
 * greenlet ≥2 (C++) object: PyGreenlet {PyObject_HEAD; weakreflist; dict; pimpl} → Greenlet
 * {vtable; _self; exception_state; switch_args; StackState stack_state {_stack_start, stack_stop,
 * stack_copy, _stack_saved, stack_prev}; PythonState python_state {_context; _top_frame; …}; …}.
 * exception_state's size follows the Python version, so `stack_state` is located from a main
 * greenlet (stack_stop == -1) and the rest from there; a MainGreenlet's `_thread_state` (a
 * ThreadState {main_greenlet; current_greenlet}) is found as the field that points back to it.
 *
 * Which thread a greenlet belongs to: a started greenlet's C stack addresses (stack_stop; a main
 * greenlet's _stack_start once it switched) lie in its thread's stack: the `[stack]` mapping for the
 * main thread, else the mapping that also holds the thread's struct pthread (glibc puts it at the
 * top of the thread's stack).
 */
import { readMaps, type MemoryMap } from '@pyglass/memory-reader';
import { GcLists } from './gclists.js';
import { isUnreadable, GarbageObject, type ObjectReader } from '../objects/objects.js';
import { PageCache, ReadFault } from '../memory/pagecache.js';
import type { Frame, GreenletInfo, StackTrace } from '../types.js';
import { brandErrors } from '@pyglass/model';

/** Greenlets reported per process, at most. */
export const MAX_GREENLETS = 100_000;
/** How often (ms) the GC lists are walked again for new greenlets while sampling. */
export const REFRESH_MS = 1000;
/** A walk torn by the running target is redone paused when it took less than this (ms). */
export const PAUSED_WALK_MS = 50;

/** greenlet cannot be read in this process (no GC lists found, a free-threaded build, an unknown greenlet layout). */
export class GreenletsUnavailable extends Error {
  override readonly name = 'GreenletsUnavailable';
  constructor(readonly pid: number, reason: string) {
    super(`Cannot read the greenlets of process ${pid}: ${reason}`);
  }
}
// `instanceof` holds across copies of this package (an install can hold several): see brandErrors
brandErrors('@pyglass/sampler', { GreenletsUnavailable });

/** One suspended greenlet, or the running one of a thread (frames empty: they are the thread's). */
export interface GreenletStack extends GreenletInfo {
  /** pthread id (threading.get_ident()) of the thread it belongs to; 0 when unknown. */
  threadId: number;
  frames: Frame[];
  /** Set when the frames could not be read in this sample. */
  error?: Error | undefined;
}

/** The few PythonLayout facts this module needs. */
export interface GreenletLayout {
  /** PyObject.ob_type */
  obType: number;
  /** PyTypeObject.tp_flags (tp_base is 88 bytes after it) */
  tpFlags: number;
  /** PyFrameObject.f_frame (3.11+); undefined before (the frame object is the frame) */
  fFrame: number | undefined;
  /** _PyInterpreterState address and size */
  interp: number;
  interpSize: number;
}

interface Offsets {
  stackStart: number;
  stackStop: number;
  topFrame: number;
  /** MainGreenlet._thread_state, when found */
  threadState: number | undefined;
}

const PIMPL = 32; // PyGreenlet.pimpl (GIL builds)
const SELF = 8; // Greenlet._self
const NO_STACK = 2 ** 64 - 1; // (char*)-1: a main greenlet's stack_stop, as a JS number
const BASE_TYPE = 'greenlet.greenlet';
/** PyTypeObject.tp_base: 11 pointers after tp_flags in every CPython 3 (tp_doc … tp_getset in between). */
const TP_BASE_AFTER_FLAGS = 88;

/** Reads the greenlets of one process (one instance per attached process). */
export class GreenletReader {
  private gc: GcLists | undefined;
  private offsets: Offsets | undefined;
  private known: number[] = [];
  private lastRefresh = -Infinity;
  private refreshMs = REFRESH_MS;
  private tornWalks = 0;
  private lastWalkMs = 0;
  /** The GC walk's own small page cache (the sample's cache would grow to the size of the heap). */
  private readonly walkCache: PageCache;
  private readonly typeIsGreenlet = new Map<number, string | false>();
  private maps: MemoryMap[] | undefined;

  constructor(
    readonly pid: number,
    private readonly m: PageCache,
    private readonly objs: ObjectReader,
    private readonly L: GreenletLayout,
    /** Frames of a chain starting at a PyFrameObject (≤3.10) or _PyInterpreterFrame (3.11+). */
    private readonly readChain: (start: number) => Frame[],
  ) {
    this.walkCache = new PageCache(m.mem, 64, 1024);
  }

  /**
   * Walks the GC lists for greenlets when it is time to (call it while the target runs: a heap of
   * 10⁶ objects takes ~1 s). The walk may be torn by the running target: it then finds fewer
   * greenlets, and `read` validates each one anyway. The next walk is due after REFRESH_MS, or 20
   * times as long as this walk took (at most ~5 % of a core).
   */
  refresh(force = false): void {
    const start = performance.now();
    if (!force && this.gc !== undefined && start - this.lastRefresh < this.refreshMs) return;
    const { found, whole } = this.walkGcLists();
    const end = performance.now();
    this.lastWalkMs = end - start;
    this.refreshMs = Math.max(REFRESH_MS, (end - start) * 20);
    this.maps = undefined;
    // The greenlets known before stay (read() drops the dead ones): a walk of a running target can
    // miss some, those of a list a collection has moved aside for a moment too.
    this.known = this.known.length ? [...new Set([...this.known, ...found])] : found;
    if (whole && found.length > 0) {
      this.lastRefresh = end;
      this.tornWalks = 0;
      return;
    }
    // Torn, or nothing found (greenlet not imported yet, or all of them missed): walk again at the
    // next sample (paused when cheap), up to 3 times in a row, then wait as after a whole walk.
    if (++this.tornWalks >= 3) {
      this.tornWalks = 0;
      this.lastRefresh = end;
    }
  }

  /**
   * True when the last walk was torn by the running target and took less than PAUSED_WALK_MS: the
   * caller should do the next one (`refresh(true)`) while the target is paused.
   */
  get walkWhilePaused(): boolean {
    return this.tornWalks > 0 && this.lastWalkMs < PAUSED_WALK_MS;
  }

  /**
   * Every started, live greenlet found by the last `refresh` (call it while the target is paused).
   * `threads` maps each thread's pthread id to its OS tid.
   */
  read(threads: ReadonlyArray<{ threadId: number; osThreadId: number | undefined }>): GreenletStack[] {
    if (this.known.length === 0) return [];
    const offsets = this.offsets ??= this.findOffsets(this.known);
    const m = this.m;
    this.maps ??= readMaps(this.pid);
    const stackOwner = this.stackOwners(threads);
    // the running greenlet of each thread, from the main greenlets' ThreadState
    const running = new Set<number>();
    const out: GreenletStack[] = [];
    const live: number[] = [];
    for (const g of this.known) {
      const typeName = this.greenletType(g);
      if (!typeName) continue; // freed or reused since the last walk
      let pimpl: number;
      let start: number;
      let stop: number;
      try {
        pimpl = m.u64(g + PIMPL);
        if (!pimpl || m.u64(pimpl + SELF) !== g) continue;
        start = m.u64(pimpl + offsets.stackStart);
        stop = m.u64(pimpl + offsets.stackStop);
      } catch (e) {
        if (!isUnreadable(e)) throw e;
        continue;
      }
      live.push(g);
      const main = stop === NO_STACK;
      if (!stop || (!main && !start)) continue; // not started, or dead
      if (main && offsets.threadState !== undefined) {
        try {
          const ts = m.u64(pimpl + offsets.threadState);
          if (ts && m.u64(ts) === g) running.add(m.u64(ts + 8));
        } catch (e) {
          if (!isUnreadable(e)) throw e; // no ThreadState: the thread is gone
        }
      }
      const anchor = main ? start : stop;
      out.push({ address: g, typeName, main, running: false, threadId: anchor > 1 ? stackOwner(anchor) : 0, frames: [] });
    }
    this.known = live;
    for (const s of out) {
      s.running = running.has(s.address);
      if (s.running) continue;
      try {
        const top = m.u64(m.u64(s.address + PIMPL) + offsets.topFrame);
        if (top) s.frames = this.readChain(this.L.fFrame !== undefined ? m.u64(top + this.L.fFrame) : top);
      } catch (e) {
        s.error = e instanceof Error ? e : new Error(String(e));
      }
    }
    return out;
  }

  /** tp_name of `g`'s type when it is greenlet.greenlet or a subclass, else undefined (cached by type). */
  private greenletType(g: number, m: PageCache = this.m): string | undefined {
    let type: number;
    try {
      type = m.u64(g + this.L.obType);
    } catch (e) {
      if (!isUnreadable(e)) throw e;
      return undefined;
    }
    let known = this.typeIsGreenlet.get(type);
    if (known === undefined) {
      known = false;
      try {
        let t = type;
        for (let depth = 0; t && depth < 32; depth++) {
          if (this.objs.typeName(t) === BASE_TYPE) {
            known = this.objs.typeName(type);
            break;
          }
          t = m.u64(t + this.L.tpFlags + TP_BASE_AFTER_FLAGS);
        }
      } catch (e) {
        // not a type (a stale or torn pointer): no answer to remember
        if (e instanceof ReadFault || e instanceof GarbageObject) return undefined;
        throw e;
      }
      if (this.typeIsGreenlet.size < 100_000) this.typeIsGreenlet.set(type, known);
    }
    return known === false ? undefined : known;
  }

  /** Address → pthread id of the thread whose C stack holds it (0 when none does). */
  private stackOwners(threads: ReadonlyArray<{ threadId: number; osThreadId: number | undefined }>): (address: number) => number {
    const maps = this.maps!;
    const find = (a: number): MemoryMap | undefined => {
      let lo = 0;
      let hi = maps.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const mm = maps[mid]!;
        if (a < mm.start) hi = mid - 1;
        else if (a >= mm.end) lo = mid + 1;
        else return mm;
      }
      return undefined;
    };
    const byMap = new Map<MemoryMap, number>();
    for (const t of threads) {
      if (t.osThreadId === this.pid) {
        const stack = maps.find((mm) => mm.path === '[stack]');
        if (stack) byMap.set(stack, t.threadId);
        continue;
      }
      const mm = find(t.threadId);
      if (mm) byMap.set(mm, t.threadId);
    }
    return (address) => {
      const mm = find(address);
      return mm ? byMap.get(mm) ?? 0 : 0;
    };
  }

  /**
   * Finds the GC lists (call it while the target is paused: a list the running target changes
   * while it is checked fails the check, and a later struct of the same shape would be taken).
   */
  locate(): void {
    this.gc ??= GcLists.find(this.m, this.L.interp, this.L.interpSize, (why) => new GreenletsUnavailable(this.pid, why));
  }

  /** Every greenlet object on the GC lists (see GcLists.walk: bounded; `whole` false when torn). */
  private walkGcLists(): { found: number[]; whole: boolean } {
    this.locate();
    const found: number[] = [];
    const whole = this.gc!.walk(this.walkCache, (obj) => {
      if (this.greenletType(obj, this.walkCache) === undefined) return true;
      found.push(obj);
      return found.length < MAX_GREENLETS;
    });
    return { found, whole };
  }

  /** Field offsets of the greenlet implementation, from a main greenlet (stack_stop == -1). */
  private findOffsets(greenlets: number[]): Offsets {
    const m = this.m;
    for (const g of greenlets) {
      try {
        const pimpl = m.u64(g + PIMPL);
        if (!pimpl || m.u64(pimpl + SELF) !== g) continue;
        for (let stop = 24; stop <= 160; stop += 8) {
          if (m.u64(pimpl + stop) !== NO_STACK) continue;
          const stackStart = stop - 8;
          const pythonState = stackStart + 40; // StackState: 5 pointers
          let threadState: number | undefined;
          for (let o = pythonState + 16; o <= pythonState + 200; o += 8) {
            const ts = m.u64(pimpl + o);
            try {
              if (ts && ts % 8 === 0 && m.u64(ts) === g) {
                threadState = o;
                break;
              }
            } catch (e) {
              if (!isUnreadable(e)) throw e; // not a pointer
            }
          }
          return { stackStart, stackStop: stop, topFrame: pythonState + 8, threadState };
        }
      } catch (e) {
        if (!isUnreadable(e)) throw e; // not readable: try the next one
      }
    }
    throw new GreenletsUnavailable(this.pid, greenlets.length === 0
      ? 'no greenlet objects were found (is greenlet imported?)'
      : 'no main greenlet with a known layout was found (greenlet < 2.0 is not supported)');
  }
}

/**
 * Adds the greenlets to a sample's thread traces: each thread's trace names the greenlet it runs,
 * and each suspended greenlet becomes an idle trace of its thread (thread ids and name copied),
 * right after that thread's trace. Greenlets whose thread is unknown come last, with thread id 0.
 */
export function withGreenlets(traces: StackTrace[], greenlets: GreenletStack[]): StackTrace[] {
  const byThread = new Map<number, GreenletStack[]>();
  for (const g of greenlets) {
    const list = byThread.get(g.threadId);
    if (list) list.push(g);
    else byThread.set(g.threadId, [g]);
  }
  const info = (g: GreenletStack): GreenletInfo => ({ address: g.address, running: g.running, main: g.main, typeName: g.typeName });
  const out: StackTrace[] = [];
  const suspended = (t: StackTrace | undefined, g: GreenletStack): StackTrace => ({
    pid: t?.pid ?? 0, threadId: g.threadId, threadName: t?.threadName, osThreadId: t?.osThreadId, active: false,
    ownsGil: false, frames: g.frames, processInfo: t?.processInfo, interpreterId: t?.interpreterId, greenlet: info(g),
    // a suspended greenlet runs nowhere: none of its thread's states are its own
    states: t?.states === undefined ? undefined : 0,
  });
  for (const t of traces) {
    const mine = byThread.get(t.threadId);
    byThread.delete(t.threadId);
    const running = mine?.find((g) => g.running);
    out.push(running ? { ...t, greenlet: info(running) } : t);
    for (const g of mine ?? []) if (!g.running && g.frames.length > 0) out.push(suspended(t, g));
  }
  const pid = traces[0]?.pid ?? 0;
  for (const list of byThread.values()) {
    for (const g of list) if (!g.running && g.frames.length > 0) out.push({ ...suspended(undefined, g), pid });
  }
  return out;
}
