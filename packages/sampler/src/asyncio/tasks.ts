/**
 * Reading the asyncio task graph out of the target (called while the target is paused, right after
 * the thread stacks were read, so both describe the same instant).
 *
 * - Finding the tasks: ≤3.13 through sys.modules → asyncio.tasks → the task registries (C WeakSets and
 *   sets, which also hold pure-Python tasks); 3.14+ the per-thread linked lists of C tasks (plus the
 *   asyncio.tasks registries, which there hold only pure-Python tasks).
 * - A suspended task's stack: its coroutine, then the coroutine that one awaits (the top of its
 *   suspended frame's value stack), and so on. A running task's stack: the frames of the thread whose
 *   stack holds the task's coroutine frame, down to the innermost.
 * - Who awaits a task: on 3.14+ C tasks record it themselves (`fut_awaited_by`); elsewhere the task's
 *   done callbacks say it: a waiter's wakeup (its self is the waiting task), TaskGroup._on_task_done
 *   (its group's _parent_task), or a closure/partial over an intermediate future (gather's outer
 *   future, shield's outer, wait()'s waiter) whose own callbacks are followed the same way.
 */
import type {
  AsyncioCoroutineLayout, AsyncioLayout, AsyncioListsLayout, FrameObjectsLayout, InterpreterFramesLayout, PythonLayout,
} from '@pyglass/cpython-layouts';
import { ASYNCIO_DEBUG_OFFSETS_SIZE, InvalidAsyncioDebugOffsets, asyncioLayoutFor, asyncioLayouts, decodeAsyncioDebugOffsets } from '@pyglass/cpython-layouts';
import { MemoryReaderError } from '@pyglass/memory-reader';
import { ObjectFileError } from '@pyglass/unwinder';
import { findAsyncioDebugSection } from './debug-section.js';
import { GarbageObject, ReadFault, type ObjectReader } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';
import type { FrameDecoder } from '../decode/frames.js';
import type { Untag } from '../objects/stack-refs.js';
import type { RawRead } from '../read/stack-reader.js';
import { instructionOffset } from '../read/walkers/interpreter-frames.js';
import type { Frame, LineNo } from '../types.js';
import type { AsyncioSnapshot, AsyncioTask, AsyncioTaskState } from './types.js';

/** Caps: a task graph bigger than this is read in part (CPython's own reader caps lists at 2^16). */
const MAX_TASKS = 1 << 16;
const MAX_CHAIN = 256;
const MAX_CALLBACKS = 4096;
const MAX_BASES = 32;
const MAX_FUTURE_HOPS = 8;
/** Pages prefetched per sample at most, and how often a sample runs without prefetch to forget stale pages. */
const MAX_PREFETCH_PAGES = 8192;
const PREFETCH_REBUILD_EVERY = 32;

/** An int8 field (frame states are negative for suspended frames before 3.15). */
const signed8 = (b: number): number => (b << 24) >> 24;

const enum Kind { None = 0, CFuture = 1, CTask = 2, PyFuture = 3, PyTask = 4 }

/** The frame model of the interpreter and the matching coroutine layout, narrowed once (in findSetup). */
type CoroutineFrames =
  | { kind: 'frame-object'; L: FrameObjectsLayout; C: Extract<AsyncioCoroutineLayout, { kind: 'frame-stacktop' | 'frame-stackdepth' }> }
  | { kind: 'interpreter-frame'; L: InterpreterFramesLayout; C: Extract<AsyncioCoroutineLayout, { kind: 'iframe-stacktop' | 'iframe-stackpointer' }> };

/** Pairs the interpreter's frame model with the asyncio table's coroutine era (undefined if they disagree). */
function coroutineFrames(L: PythonLayout, C: AsyncioCoroutineLayout): CoroutineFrames | undefined {
  if (L.frames === 'frame-object') return C.kind === 'frame-stacktop' || C.kind === 'frame-stackdepth' ? { kind: 'frame-object', L, C } : undefined;
  return C.kind === 'iframe-stacktop' || C.kind === 'iframe-stackpointer' ? { kind: 'interpreter-frame', L, C } : undefined;
}

interface Setup {
  A: AsyncioLayout;
  frames: CoroutineFrames;
  /** the sets behind the registries of asyncio.tasks: a WeakSet's `data` (of weakrefs), or a plain set of tasks */
  registries: Array<{ set: number; weak: boolean }>;
  /** asyncio.tasks._current_tasks ({loop: task}), 0 when absent */
  currentTasks: number;
  /** type addresses (0 when absent) */
  cFuture: number;
  cTask: number;
  pyFuture: number;
  pyTask: number;
}

/** A suspended chain as last read (see AsyncioReader.suspendedStack). */
interface ChainEntry {
  words: number[];
  frames: Frame[];
  lineNo: LineNo;
  /** The full read that last met it. */
  seen: number;
}

/** Appends `x` unless it is there (a task has one or two waiters: a scan beats a Set). */
function addOnce(list: number[], x: number): void {
  if (!list.includes(x)) list.push(x);
}

/** True when two word lists are equal. */
function sameWords(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A task as read, before the graph is linked. */
interface TaskRead {
  id: number;
  kind: Kind;
  name: string | undefined;
  state: AsyncioTaskState;
  coro: number;
  /** address of the coroutine's frame (≤3.10 the frame object, 3.11+ the embedded iframe) */
  frame: number;
  awaitedBy: number[];
  /** the contextvars context the task runs in (0 when unknown) */
  context: number;
}

/** What an AsyncioReader is given: the target and its readers (shared with the stack reader). */
export interface AsyncioReaderDeps {
  readonly pid: number;
  /** Frames of code objects at an instruction offset. */
  readonly frames: FrameDecoder;
  /** Clears the tag bits of pointers read from _PyStackRef slots. */
  readonly untag: Untag;
  readonly memory: PageCache;
  readonly objects: ObjectReader;
  readonly layout: PythonLayout;
  /** address of the interpreter state whose modules and task list are read */
  readonly interp: number;
  readonly freeThreaded: boolean;
}

export class AsyncioReader {
  private setup: Setup | undefined;
  private lastSetupTry = -Infinity;
  private readonly kinds = new Map<number, Kind>();
  private readonly L: PythonLayout;
  /**
   * Pages the last reads of every task, and of the running tasks, read on demand: fetched in one batch
   * at the start of the next read of the same kind.
   */
  private readonly prefetchAll = { pages: [] as number[], samples: 0 };
  private readonly prefetchRunning = { pages: [] as number[], samples: 0 };
  /** Suspended chains by the address of their outermost coroutine, from the reads before (see suspendedStack). */
  private readonly chains = new Map<number, ChainEntry>();
  /** Counts full reads: a chain not met in one (`seen` older) is forgotten. */
  private reads = 0;
  /** walkChain's scratch: the words read, and per level the code, instruction offset and frame address. */
  private readonly chainWords: number[] = [];
  private readonly chainCodes: number[] = [];
  private readonly chainOffsets: number[] = [];
  private readonly chainFrames: number[] = [];
  /** For one read: the tasks a closure or partial callback leads to, by callback address and hops (see viaCallback). */
  private readonly closureWaiters = new Map<number, number[]>();
  /**
   * Names of tasks named by an int, by the int's address: its size word and first digit words (an int
   * of at most two 30-bit digits is all in them; a longer one is read again if those differ) and type flags.
   */
  private readonly intNames = new Map<number, [tag: number, digits: number, name: string, flags: number]>();
  /** Task names by the address of their str object (strings are immutable; checked by length). */
  private readonly names = new Map<number, [length: number, name: string]>();

  private readonly frames: FrameDecoder;
  private readonly untag: Untag;
  private readonly m: PageCache;
  private readonly objs: ObjectReader;
  /** Why no task can ever be read (no asyncio table for this layout), else undefined. */
  private readonly noTable: string | undefined;

  constructor(private readonly target: AsyncioReaderDeps) {
    this.frames = target.frames;
    this.untag = target.untag;
    this.m = target.memory;
    this.objs = target.objects;
    this.L = target.layout;
    // without an asyncio table for this layout (2.7, 3.6, a version newer than the tables) no task is ever read
    if (asyncioLayoutFor(this.L, { freeThreaded: target.freeThreaded }) === undefined) {
      const known = asyncioLayouts().map((t) => `${t.major}.${t.minor}`);
      this.noTable = `asyncio tasks are read on CPython ${known[0]}–${known[known.length - 1]} (this is ${this.L.major}.${this.L.minor})`;
    }
  }

  /**
   * The tasks of the target at the instant `raw` was read (the target must still be paused). With
   * `onlyRunning`, only the tasks threads are running and the tasks awaiting them (what a logical
   * stack needs, at a cost independent of how many tasks are suspended).
   */
  read(raw: RawRead, lineNo: LineNo, dumpLocals = 0, onlyRunning = false): AsyncioSnapshot {
    const s = this.findSetup();
    if (!s) {
      return { tasks: [], unreadable: 0, none: this.noTable ?? 'asyncio is not imported' };
    }
    const m = this.m;
    // one batched read for the pages the same kind of read used last time, instead of one read per
    // page (a read of the running tasks needs a few of the pages a read of every task does)
    const pf = onlyRunning ? this.prefetchRunning : this.prefetchAll;
    const cold = ++pf.samples % PREFETCH_REBUILD_EVERY === 0;
    if (!cold) {
      for (const p of pf.pages) m.want(p, 1);
      m.flush();
    }
    const misses: number[] = [];
    m.missLog = misses;
    try {
      return this.readGraph(s, raw, lineNo, dumpLocals, onlyRunning);
    } finally {
      m.missLog = undefined;
      if (cold || pf.pages.length + misses.length > MAX_PREFETCH_PAGES) pf.pages = misses;
      else for (const p of misses) pf.pages.push(p);
    }
  }

  private readGraph(s: Setup, raw: RawRead, lineNo: LineNo, dumpLocals: number, onlyRunning: boolean): AsyncioSnapshot {
    this.closureWaiters.clear();
    if (!onlyRunning) this.reads++;
    const ids = onlyRunning ? this.currentTasks(s, raw) : this.taskAddresses(s, raw);
    const reads = new Map<number, TaskRead>();
    let unreadable = 0;
    const add = (id: number): TaskRead | undefined => {
      try {
        const t = this.readTask(s, id);
        if (t) reads.set(id, t);
        return t;
      } catch (e) {
        if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
        unreadable++;
        return undefined;
      }
    };
    for (const id of ids) add(id);
    const awaiters = new Map<number, number[]>();
    if (onlyRunning) {
      // up the awaiters of the running tasks
      const queue = [...reads.values()];
      for (let t = queue.pop(); t && reads.size < MAX_TASKS; t = queue.pop()) {
        const by = this.awaitersOf(s, t);
        awaiters.set(t.id, by);
        for (const p of by) {
          if (reads.has(p)) continue;
          const parent = add(p);
          if (parent) queue.push(parent);
        }
      }
    }

    // Running tasks: their coroutine frame is on a thread's stack (the innermost such task owns the thread).
    const where = new Map<number, [thread: number, index: number]>();
    for (const { thread, frameAddresses } of raw.stacks) frameAddresses.forEach((a, i) => where.set(a, [thread, i]));
    const running = new Map<number, [task: TaskRead, index: number]>();
    for (const t of reads.values()) {
      const at = t.frame ? where.get(t.frame) : undefined;
      if (!at) continue;
      const cur = running.get(at[0]);
      if (!cur || at[1] < cur[1]) running.set(at[0], [t, at[1]]);
    }
    const runningThread = new Map<number, number>();
    for (const [ti, [t]] of running) runningThread.set(t.id, ti);

    const tasks: AsyncioTask[] = [];
    const byId = new Map<number, AsyncioTask>();
    for (const t of reads.values()) {
      const awaitedBy = awaiters.get(t.id) ?? this.awaitersOf(s, t);
      const ti = runningThread.get(t.id);
      const thread = ti === undefined ? undefined : raw.threads[ti];
      let stack: Frame[];
      try {
        stack = ti === undefined ? this.suspendedStack(s, t.coro, lineNo, dumpLocals) : this.runningStack(raw, ti, running.get(ti)![1], lineNo, dumpLocals);
      } catch (e) {
        if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
        unreadable++;
        continue;
      }
      // the waiters that are tasks of this read (in place: the list is this read's own)
      let n = 0;
      for (const w of awaitedBy) if (w !== t.id && reads.has(w)) awaitedBy[n++] = w;
      awaitedBy.length = n;
      const task: AsyncioTask = {
        id: t.id, name: t.name, state: ti === undefined ? t.state : 'running',
        threadId: thread?.threadId, osThreadId: thread?.osThreadId || undefined,
        coroutineStack: stack, awaitedBy, awaits: [], pure: t.kind === Kind.PyTask,
      };
      if (t.context) task.context = t.context;
      tasks.push(task);
      byId.set(t.id, task);
    }
    for (const t of tasks) for (const w of t.awaitedBy) byId.get(w)?.awaits.push(t.id);
    // a full read met every task: the chains of tasks gone (or running) are forgotten
    if (!onlyRunning) for (const [coro, c] of this.chains) if (c.seen !== this.reads) this.chains.delete(coro);
    return { tasks, unreadable };
  }

  /** Who awaits `t`: recorded by the task itself (3.14+ C tasks), else found through its callbacks. */
  private awaitersOf(s: Setup, t: TaskRead): number[] {
    if (s.A.taskLists !== undefined && t.kind === Kind.CTask) return t.awaitedBy;
    try {
      return this.waitersOf(s, t.id);
    } catch (e) {
      if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
      return [];
    }
  }

  /** The tasks threads are running now: `asyncio.tasks._current_tasks` (≤3.13, pure-Python tasks on 3.14+) and each thread's running task (3.14+). */
  private currentTasks(s: Setup, raw: RawRead): Set<number> {
    const out = new Set<number>();
    const o = this.objs;
    try {
      if (s.currentTasks) o.dictForEach(s.currentTasks, (_loop, task) => { out.add(task); });
      const lists = s.A.taskLists;
      if (lists) {
        for (const t of raw.threads) {
          const task = this.untag(o.m.u64(t.tstate + lists.thread_running_task));
          if (task) out.add(task);
        }
      }
    } catch (e) {
      if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
    }
    for (const t of out) if (!this.isTask(s, t)) out.delete(t);
    return out;
  }

  private isTask(s: Setup, obj: number): boolean {
    try {
      const k = this.kindOf(s, obj);
      return k === Kind.CTask || k === Kind.PyTask;
    } catch (e) {
      if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
      return false;
    }
  }

  /** Locates asyncio once it is imported (retried at most once a second until then). */
  private findSetup(): Setup | undefined {
    if (this.setup) return this.setup;
    const now = Date.now();
    if (now - this.lastSetupTry < 1000) return undefined;
    this.lastSetupTry = now;
    const o = this.objs;
    try {
      const modules = o.ptr(this.target.interp + this.L.interpreter_state.imports_modules);
      if (!modules) return undefined;
      const tasksModule = o.dictGet(modules, 'asyncio.tasks');
      const futuresModule = o.dictGet(modules, 'asyncio.futures');
      if (!tasksModule || !futuresModule) return undefined;
      // the C classes asyncio actually uses (absent when _asyncio could not be imported)
      const cFuture = o.instanceAttr(futuresModule, '_CFuture');
      const futureBasicsize = cFuture ? o.m.i64(cFuture + this.L.type_object.tp_basicsize) : undefined;
      const table = asyncioLayoutFor(this.L, { freeThreaded: this.target.freeThreaded, ...(futureBasicsize === undefined ? {} : { futureBasicsize }) });
      if (!table) return undefined;
      const A = table.taskLists !== undefined ? this.withDebugOffsets(table) : table;
      const frames = coroutineFrames(this.L, A.coroutine);
      if (!frames) return undefined;
      const registries: Setup['registries'] = [];
      for (const name of A.registries) {
        const r = o.instanceAttr(tasksModule, name);
        if (!r) continue;
        const data = o.typeName(o.typeOf(r)) === 'set' ? 0 : o.instanceAttr(r, 'data');
        registries.push(data ? { set: data, weak: true } : { set: r, weak: false });
      }
      this.setup = {
        A, frames, registries, currentTasks: o.instanceAttr(tasksModule, '_current_tasks'), cFuture, cTask: o.instanceAttr(tasksModule, '_CTask'),
        pyFuture: o.instanceAttr(futuresModule, '_PyFuture'), pyTask: o.instanceAttr(tasksModule, '_PyTask'),
      };
      return this.setup;
    } catch (e) {
      if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
      return undefined;
    }
  }

  /** 3.14+: the table with the offsets the target's own `.AsyncioDebug` section gives, when it has one. */
  private withDebugOffsets(table: AsyncioLayout): AsyncioLayout {
    try {
      const at = findAsyncioDebugSection(this.target.pid);
      return at === undefined ? table : decodeAsyncioDebugOffsets(this.m.bytes(at, ASYNCIO_DEBUG_OFFSETS_SIZE), table);
    } catch (e) {
      // no readable section: the static table (checked against the same builds) stands in
      if (e instanceof InvalidAsyncioDebugOffsets || e instanceof ObjectFileError || e instanceof MemoryReaderError || e instanceof ReadFault) return table;
      throw e;
    }
  }

  /** The asyncio table in use (after asyncio was found), for diagnostics. */
  layout(): AsyncioLayout | undefined {
    return this.setup?.A;
  }

  /** What kind of future an object is, by its type's base chain (cached per type). */
  private kindOf(s: Setup, obj: number): Kind {
    const m = this.m;
    const type = m.u64(obj + this.L.pyobject.ob_type);
    let k = this.kinds.get(type);
    if (k !== undefined) return k;
    k = Kind.None;
    let t = type;
    for (let i = 0; t && i < MAX_BASES; i++) {
      if (t === s.cTask) { k = Kind.CTask; break; }
      if (t === s.cFuture) { k = Kind.CFuture; break; }
      if (t === s.pyTask) { k = Kind.PyTask; break; }
      if (t === s.pyFuture) { k = Kind.PyFuture; break; }
      t = m.u64(t + s.A.objects.type_base);
    }
    if (this.kinds.size > 4096) this.kinds.clear();
    this.kinds.set(type, k);
    return k;
  }

  /** Every task address the registries and (3.14+) the per-thread lists hold, without duplicates. */
  private taskAddresses(s: Setup, raw: RawRead): Set<number> {
    const out = new Set<number>();
    const o = this.objs;
    for (const r of s.registries) {
      try {
        if (r.weak) this.setForEach(s, r.set, (ref) => { const t = o.ptr(ref + s.A.objects.weakref_object); if (t) out.add(t); });
        else this.setForEach(s, r.set, (t) => out.add(t));
      } catch (e) {
        if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
      }
    }
    const A = s.A;
    if (A.taskLists !== undefined) {
      const lists = A.taskLists;
      const heads = raw.threads.map((t) => t.tstate + lists.thread_tasks_head);
      heads.push(this.target.interp + lists.interp_tasks_head);
      for (const head of heads) {
        try {
          this.listForEach(A, head, (t) => out.add(t));
        } catch (e) {
          if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
        }
      }
    }
    // the registries may hold dead or recycled entries: keep tasks only
    for (const t of out) if (!this.isTask(s, t)) out.delete(t);
    return out;
  }

  private setForEach(s: Setup, set: number, fn: (key: number) => void): void {
    const m = this.m;
    const O = s.A.objects;
    const mask = m.i64(set + O.set_mask);
    if (!(mask >= 0 && mask < MAX_TASKS * 4)) throw new GarbageObject(`set mask ${mask}`);
    const table = m.u64(set + O.set_table);
    m.want(table, (mask + 1) * O.set_entry_size);
    m.flush();
    for (let i = 0; i <= mask; i++) {
      const key = m.u64(table + i * O.set_entry_size);
      // skip empty slots and the dummy of deleted ones (its hash is -1)
      if (key && m.i64(table + i * O.set_entry_size + 8) !== -1) fn(key);
    }
  }

  /** 3.14+: the circular list of tasks threaded through TaskObj.task_node. */
  private listForEach(A: AsyncioListsLayout, head: number, fn: (task: number) => void): void {
    const m = this.m;
    const nodeOffset = A.task.node;
    let node = m.u64(head);
    for (let n = 0; node && node !== head; n++) {
      if (n >= MAX_TASKS) throw new GarbageObject(`more than ${MAX_TASKS} tasks in one list`);
      fn(node - nodeOffset);
      node = m.u64(node);
    }
  }

  private readTask(s: Setup, id: number): TaskRead | undefined {
    const m = this.m;
    const o = this.objs;
    const A = s.A;
    const kind = this.kindOf(s, id);
    let coro: number;
    let state: AsyncioTaskState;
    let nameObj: number;
    let context: number;
    const awaitedBy: number[] = [];
    if (kind === Kind.CTask) {
      const st = m.i32(id + A.future.state);
      state = st === 0 ? 'pending' : st === 1 ? 'cancelled' : st === 2 ? 'done' : 'pending';
      if (st < 0 || st > 2) throw new GarbageObject(`future state ${st}`);
      coro = this.untag(m.u64(id + A.task.coro));
      nameObj = A.task.name === undefined ? 0 : this.untag(m.u64(id + A.task.name));
      context = m.u64(id + A.task.context);
      if (A.taskLists !== undefined) {
        const by = m.u64(id + A.future.awaited_by);
        if (by) {
          if (m.u8(id + A.future.awaited_by_is_set)) this.setForEach(s, by, (w) => awaitedBy.push(w));
          else awaitedBy.push(by);
        }
      }
    } else {
      const st = o.instanceAttr(id, '_state');
      const text = st ? o.readString(st, 16) : 'PENDING';
      state = text === 'FINISHED' ? 'done' : text === 'CANCELLED' ? 'cancelled' : 'pending';
      coro = o.instanceAttr(id, '_coro');
      nameObj = o.instanceAttr(id, '_name');
      context = o.instanceAttr(id, '_context');
    }
    let name: string | undefined;
    if (nameObj) {
      const n = this.L.constants;
      const flags = o.flagsOf(o.typeOf(nameObj));
      if ((flags & n.Py_TPFLAGS_LONG_SUBCLASS) !== 0) {
        // an int (3.12+ C tasks number themselves until get_name()): an int whose digits fit in one
        // word is all in its size word and that word, which tell a cached name from another int at
        // the same address
        const L = this.L;
        const lo = L.long_object;
        const tag = m.u64(nameObj + lo.lv_tag);
        const ndigits = L.longs === 'ob-size' ? Math.abs(m.i64(nameObj + lo.lv_tag)) : Math.floor(tag / 2 ** L.constants._PyLong_NON_SIZE_BITS);
        const digits = m.u64(nameObj + lo.ob_digit);
        const cached = ndigits * lo.digit_size <= 8 ? this.intNames.get(nameObj) : undefined;
        if (cached && cached[0] === tag && cached[1] === digits && cached[3] === flags) name = cached[2];
        else {
          name = `Task-${String(o.readInt(nameObj))}`;
          if (this.intNames.size > 65536) this.intNames.clear();
          this.intNames.set(nameObj, [tag, digits, name, flags]);
        }
      } else {
        const length = o.stringLength(nameObj);
        const cached = this.names.get(nameObj);
        if (cached && cached[0] === length) name = cached[1];
        else {
          name = o.readString(nameObj);
          if (this.names.size > 65536) this.names.clear();
          this.names.set(nameObj, [length, name]);
        }
      }
    }
    return { id, kind, name, state, coro, frame: coro ? this.frameOfCoroutine(s, coro) : 0, awaitedBy, context };
  }

  /** The coroutine's frame address (0 when it has none: finished). */
  private frameOfCoroutine(s: Setup, coro: number): number {
    const f = s.frames;
    return f.kind === 'frame-object' ? this.m.u64(coro + f.C.gi_frame) : coro + f.C.gi_iframe;
  }

  /**
   * A suspended task's stack: its coroutine and every coroutine it awaits, innermost first. The words
   * the walk reads (each level's coroutine, its type, code, instruction pointer, state, value stack and
   * the object it awaits) decide the frames completely: when they all equal those of the task's last
   * read, that read's frames array comes back (no frame built, no array allocated, one identity for the
   * consumers' caches). Nothing is taken on trust: a task that ran and was suspended again at the same
   * addresses (CPython's free lists hand the same memory back) but another instruction differs in its
   * words, and its frames are built anew. Not cached with locals (they change without those words).
   */
  private suspendedStack(s: Setup, coro: number, lineNo: LineNo, dumpLocals: number): Frame[] {
    const words = this.chainWords;
    words.length = 0;
    const levels = this.walkChain(s, coro, words);
    const cached = dumpLocals > 0 ? undefined : this.chains.get(coro);
    if (cached && cached.lineNo === lineNo && sameWords(cached.words, words)) {
      cached.seen = this.reads;
      return cached.frames;
    }
    const out: Frame[] = [];
    for (let i = levels - 1; i >= 0; i--) {
      const frame = this.frames.frameAt(this.chainCodes[i]!, this.chainOffsets[i]!, lineNo, this.chainFrames[i]!, dumpLocals);
      if (!frame) throw new GarbageObject('a coroutine without a code object');
      out.push(frame);
    }
    if (dumpLocals === 0) {
      if (cached) {
        cached.words = words.slice();
        cached.frames = out;
        cached.lineNo = lineNo;
        cached.seen = this.reads;
      } else this.chains.set(coro, { words: words.slice(), frames: out, lineNo, seen: this.reads });
    }
    return out;
  }

  /**
   * Walks a suspended chain from `coro` outwards-in, appending every word read to `words`; each level's
   * code, instruction offset and frame address go to chainCodes/chainOffsets/chainFrames. The number of levels.
   */
  private walkChain(s: Setup, coro: number, words: number[]): number {
    const m = this.m;
    const o = this.objs;
    const frames = s.frames;
    let c = coro;
    let n = 0;
    for (; c && n < MAX_CHAIN; n++) {
      const type = o.typeOf(c);
      words.push(c, type);
      if (o.typeName(type) !== 'coroutine') break;
      let code: number;
      let offset: number;
      let frameAddr: number;
      let awaited = 0;
      if (frames.kind === 'frame-object') {
        const { L, C } = frames;
        const f = m.u64(c + C.gi_frame);
        frameAddr = f;
        words.push(f);
        if (!f) break;
        const F = L.frame_object;
        code = m.u64(f + F.f_code);
        const lasti = m.i32(f + F.f_lasti);
        offset = lasti * (L.lasti === 'code-units' ? 2 : 1);
        const base = m.u64(f + C.f_valuestack);
        words.push(code, lasti, base);
        if (C.kind === 'frame-stacktop') {
          const top = m.u64(f + C.f_stacktop);
          if (top > base) awaited = m.u64(top - 8 * C.awaitedFromTop);
          words.push(top);
        } else {
          const state = signed8(m.u8(f + C.f_state));
          words.push(state);
          if (C.suspendedStates.includes(state)) {
            const depth = m.i32(f + C.f_stackdepth);
            words.push(depth);
            if (depth >= C.awaitedFromTop && depth < 1 << 16) awaited = m.u64(base + 8 * (depth - C.awaitedFromTop));
          }
        }
      } else {
        const { L, C } = frames;
        const I = L.interpreter_frame;
        const f = c + C.gi_iframe;
        frameAddr = f;
        const executable = m.u64(f + I.executable);
        const instr = m.u64(f + I.instr_ptr);
        const state = signed8(m.u8(c + C.gi_frame_state));
        words.push(executable, instr, state);
        code = this.untag(executable);
        offset = instructionOffset(L, code, instr);
        if (C.suspendedStates.includes(state)) {
          if (C.kind === 'iframe-stacktop') {
            const depth = m.i32(f + C.stacktop);
            words.push(depth);
            if (depth >= C.awaitedFromTop && depth < 1 << 16) awaited = m.u64(f + I.localsplus + 8 * (depth - C.awaitedFromTop));
          } else if (I.stackpointer !== undefined) {
            // 3.14+ layouts have the frame's stackpointer (its value stack ends there)
            const sp = m.u64(f + I.stackpointer);
            words.push(sp);
            if (sp > f + I.localsplus) awaited = this.untag(m.u64(sp - 8 * C.awaitedFromTop));
          }
        }
      }
      words.push(awaited);
      this.chainCodes[n] = code;
      this.chainOffsets[n] = offset;
      this.chainFrames[n] = frameAddr;
      c = awaited;
    }
    return n;
  }

  /** A running task's stack: the thread's frames from the innermost to the task's coroutine. */
  private runningStack(raw: RawRead, ti: number, index: number, lineNo: LineNo, dumpLocals: number): Frame[] {
    const { codes, offsets, frameAddresses: addrs } = raw.stacks.find((st) => st.thread === ti)!;
    const out: Frame[] = [];
    for (let i = 0; i <= index; i++) {
      const f = this.frames.frameAt(codes[i]!, offsets[i]!, lineNo, addrs[i]!, dumpLocals);
      if (f) out.push(f);
    }
    return out;
  }

  /** The tasks waiting for `task`, from its done callbacks (≤3.13 and pure-Python tasks). */
  private waitersOf(s: Setup, task: number): number[] {
    const out: number[] = [];
    this.viaFuture(s, task, 0, out);
    let n = 0;
    for (const t of out) if (this.isTask(s, t)) out[n++] = t;
    out.length = n;
    return out;
  }

  /** Adds to `out` the tasks the callbacks of `fut` wake (`hops` intermediate futures away from the task). */
  private viaFuture(s: Setup, fut: number, hops: number, out: number[]): void {
    for (const cb of this.callbacksOf(s, fut)) this.viaCallback(s, cb, hops, out);
  }

  /**
   * Adds to `out` the tasks one callback wakes: a waiter's wakeup (its self), TaskGroup._on_task_done
   * (the group's parent task), or a closure or partial over intermediate futures (gather's outer
   * future, shield's outer, wait()'s waiter, as_completed's queue) whose own callbacks are followed.
   * Those are memoized for the read (`closureWaiters`): the children of one gather share one closure.
   */
  private viaCallback(s: Setup, cb: number, hops: number, out: number[]): void {
    const o = this.objs;
    const m = this.m;
    const A = s.A;
    const O = A.objects;
    const type = o.typeName(o.typeOf(cb));
    if (type === 'TaskWakeupMethWrapper') {
      if (A.wakeup === 'wrapper') addOnce(out, m.u64(cb + A.objects.wakeup_wrapper_task));
      return;
    }
    if (type === 'builtin_function_or_method') {
      addOnce(out, m.u64(cb + O.cfunction_self));
      return;
    }
    if (type === 'method') {
      const self = m.u64(cb + O.method_self);
      const selfType = o.typeName(o.typeOf(self));
      if (this.isTask(s, self)) addOnce(out, self);
      // TaskGroup._on_task_done: the group's parent task waits for it
      else if (selfType === 'TaskGroup') addOnce(out, o.instanceAttr(self, '_parent_task'));
      // as_completed() (3.13+): the iterator's queue, whose getters its caller awaits
      else if (selfType === '_AsCompletedIterator') this.queueGetters(s, o.instanceAttr(self, '_done'), (f) => this.viaIntermediate(s, f, hops + 1, out));
      return;
    }
    if (type !== 'function' && type !== 'functools.partial') return;
    // the key holds the hops too: deeper, fewer futures may be followed (MAX_FUTURE_HOPS)
    const key = cb * (MAX_FUTURE_HOPS + 2) + hops;
    let found = this.closureWaiters.get(key);
    if (found === undefined) {
      const into: number[] = [];
      // a closure reached again through its own futures (a cycle) adds nothing more
      this.closureWaiters.set(key, []);
      if (type === 'function') {
        const closure = m.u64(cb + O.function_closure);
        const n = closure ? m.i64(closure + this.L.tuple_object.ob_size) : 0;
        for (let i = 0; i < n && i < 64; i++) {
          const value = m.u64(m.u64(closure + this.L.tuple_object.ob_item + i * 8) + O.cell_ref);
          // as_completed() (≤3.12): its _on_completion closes over the queue its caller waits on
          if (value && o.typeName(o.typeOf(value)).endsWith('Queue')) this.queueGetters(s, value, (f) => this.viaIntermediate(s, f, hops + 1, into));
          else this.viaIntermediate(s, value, hops + 1, into);
        }
      } else {
        const args = m.u64(cb + O.partial_args);
        const n = args ? m.i64(args + this.L.tuple_object.ob_size) : 0;
        for (let i = 0; i < n && i < 64; i++) this.viaIntermediate(s, m.u64(args + this.L.tuple_object.ob_item + i * 8), hops + 1, into);
      }
      found = into;
      this.closureWaiters.set(key, found);
    }
    for (const t of found) addOnce(out, t);
  }

  /** Follows an intermediate future (not a task: a task reached through a closure waits for its own awaiters). */
  private viaIntermediate(s: Setup, obj: number, hops: number, out: number[]): void {
    if (!obj || hops > MAX_FUTURE_HOPS) return;
    const k = this.kindOf(s, obj);
    if (k === Kind.CFuture || k === Kind.PyFuture) this.viaFuture(s, obj, hops, out);
  }

  /** The futures waiting in an asyncio.Queue's `_getters` deque (each awaited by a task blocked in get()). */
  private queueGetters(s: Setup, queue: number, fn: (future: number) => void): void {
    if (!queue) return;
    const deque = this.objs.instanceAttr(queue, '_getters');
    if (!deque) return;
    const m = this.m;
    const O = s.A.objects;
    const n = m.i64(deque + O.deque_size);
    if (!(n >= 0 && n <= MAX_CALLBACKS)) throw new GarbageObject(`deque of ${n}`);
    let block = m.u64(deque + O.deque_leftblock);
    let index = m.i64(deque + O.deque_leftindex);
    for (let i = 0; i < n && block; i++, index++) {
      if (index >= O.deque_blocklen) {
        block = m.u64(block + O.deque_block_rightlink);
        index = 0;
        if (!block) break;
      }
      fn(m.u64(block + O.deque_block_data + 8 * index));
    }
  }

  /** The callbacks registered on a future (C: callback0 + the callbacks list; Python: `_callbacks`). */
  private callbacksOf(s: Setup, fut: number): number[] {
    const m = this.m;
    const o = this.objs;
    const F = s.A.future;
    const L = this.L;
    const k = this.kindOf(s, fut);
    const out: number[] = [];
    let list: number;
    if (k === Kind.CFuture || k === Kind.CTask) {
      const cb0 = m.u64(fut + F.callback0);
      if (cb0) out.push(cb0);
      list = m.u64(fut + F.callbacks);
    } else if (k === Kind.PyFuture || k === Kind.PyTask) {
      list = o.instanceAttr(fut, '_callbacks');
    } else return out;
    if (!list) return out;
    const n = m.i64(list + L.list_object.ob_size);
    if (!(n >= 0 && n <= MAX_CALLBACKS)) throw new GarbageObject(`${n} callbacks`);
    const items = m.u64(list + L.list_object.ob_item);
    for (let i = 0; i < n; i++) {
      // (callback, context) tuples
      const pair = m.u64(items + i * 8);
      const cb = pair ? m.u64(pair + L.tuple_object.ob_item) : 0;
      if (cb) out.push(cb);
    }
    return out;
  }
}
