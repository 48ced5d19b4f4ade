/**
 * What each sampled thread was doing (`StackTrace.states`, bit flags of `ThreadStates`), and which of
 * those flags this interpreter can report at all (`support`). A flag the interpreter cannot report is
 * never set; the sampler README's "Thread states" table says what is read on each version.
 *
 * Read from the target's memory, during the sample's reads (no extra batch):
 * - HoldsGil: the GIL owner (`gil.ts`; free-threaded builds: attached).
 * - GcCollecting: `collecting` of the interpreter's `struct _gc_runtime_state` (3.9+ per interpreter,
 *   3.7/3.8 in `_PyRuntime`, 2.7/3.6 the static `collecting` of gcmodule.c, found by its symbol).
 * - HandlingException: the handled-exception stack, walked like `sys.exc_info()` does (3.7+ from
 *   `exc_info` through `previous_item`, skipping levels that handle nothing; 2.7/3.6 `exc_type`).
 * - WaitingForGil on 3.15: the thread state's own `gil_requested` (set while it waits in take_gil).
 * Read by the spy around the sample:
 * - OnCpu: the kernel's scheduler state ('R'), read before the pause.
 * - WaitingForGil before 3.15: the kernel's view — the thread sleeps in futex(2) on a word inside the
 *   GIL (`/proc/PID/task/TID/syscall`, read before the pause for threads not on a CPU) — compared
 *   here with the GIL's address range (`isGilWait`).
 * - NativeCode: with native unwinding, the innermost frame is a native one.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { imagesOf, type InterpreterLocation } from '../attach/locate.js';
import type { InterpreterRef } from './interpreters.js';
import { ReadFault, type PageCache } from '../memory/pagecache.js';
import { isUnreadable } from '../objects/objects.js';
import { ThreadStates } from '../types.js';

/** A handled-exception stack deeper than this is garbage (CPython nests one level per running generator). */
const MAX_EXCEPTION_LEVELS = 256;

/** sizeof(pthread_cond_t) and sizeof(pthread_mutex_t) (glibc, x86_64 and aarch64), and of a sem_t. */
const COND_SIZE = 48;
const MUTEX_SIZE = 40;
const SEM_SIZE = 32;

/** How a process's GIL is found in memory, to compare a futex address with (GIL builds only). */
type GilRanges =
  /** 3.15+: the thread state says itself. */
  | { kind: 'requested'; offset: number }
  /** 3.12–3.14: each interpreter's `ceval.gil` points to its GIL (`size` bytes). */
  | { kind: 'per-interpreter'; pointer: number; size: number }
  /** 3.7–3.11: one `_gil_runtime_state` in `_PyRuntime`; 3.6: the static cond/mutex variables. */
  | { kind: 'fixed'; ranges: Array<[start: number, end: number]> }
  /** 2.7: `interpreter_lock`, a pointer to the semaphore the GIL is. */
  | { kind: 'lock-pointer'; address: number };

/** Where the `collecting` word of a GC lives. */
type GcWord =
  | { kind: 'per-interpreter'; offset: number }
  | { kind: 'fixed'; address: number };

/** How the handled exception is found from a thread state. */
type ExceptionSource =
  | { kind: 'tstate'; excType: number }
  | { kind: 'stack'; excInfo: number; value: number; previous: number };

function symbolIn(loc: Pick<InterpreterLocation, 'images'>, name: string): number | undefined {
  for (const img of imagesOf(loc.images)) {
    const a = img.symbolAddress(name);
    if (a !== undefined && a !== 0) return a;
  }
  return undefined;
}

function gilRanges(L: PythonLayout, loc: StateLocation): GilRanges | undefined {
  if (loc.freeThreaded) return undefined; // no GIL to wait for (one enabled at run time is not followed)
  const ts = L.thread_state;
  if (ts.gil_requested !== undefined) return { kind: 'requested', offset: ts.gil_requested };
  const G = L.gil_runtime_state;
  const ceval = L.interpreter_state.ceval_gil;
  if (ceval !== undefined && G) return { kind: 'per-interpreter', pointer: ceval, size: G.size };
  const inRuntime = L.runtime_state?.ceval_gil;
  if (inRuntime !== undefined && G && loc.runtime !== undefined) {
    return { kind: 'fixed', ranges: [[loc.runtime + inRuntime, loc.runtime + inRuntime + G.size]] };
  }
  if (L.gil === 'ceval-statics') {
    // 3.6: the GIL is four statics of Python/ceval_gil.h
    const ranges: Array<[number, number]> = [];
    for (const [name, size] of [['gil_cond', COND_SIZE], ['gil_mutex', MUTEX_SIZE], ['switch_cond', COND_SIZE], ['switch_mutex', MUTEX_SIZE]] as const) {
      const a = symbolIn(loc, name);
      if (a !== undefined) ranges.push([a, a + size]);
    }
    return ranges.length ? { kind: 'fixed', ranges } : undefined;
  }
  if (L.gil !== 'interpreter-lock') return undefined;
  // 2.7: a semaphore behind the `interpreter_lock` static
  const lock = symbolIn(loc, 'interpreter_lock');
  return lock === undefined ? undefined : { kind: 'lock-pointer', address: lock };
}

function gcWord(L: PythonLayout, loc: StateLocation): GcWord | undefined {
  const collecting = L.gc_runtime_state?.collecting;
  if (collecting !== undefined) {
    if (L.interpreter_state.gc !== undefined) return { kind: 'per-interpreter', offset: L.interpreter_state.gc + collecting };
    if (L.runtime_state?.gc !== undefined && loc.runtime !== undefined) return { kind: 'fixed', address: loc.runtime + L.runtime_state.gc + collecting };
    return undefined;
  }
  // 2.7 and 3.6: `static int collecting` of Modules/gcmodule.c (in the symbol table when not stripped)
  const a = symbolIn(loc, 'collecting');
  return a === undefined ? undefined : { kind: 'fixed', address: a };
}

function exceptionSource(L: PythonLayout): ExceptionSource | undefined {
  const ts = L.thread_state;
  if (ts.exc_type !== undefined) return { kind: 'tstate', excType: ts.exc_type };
  const item = L.err_stackitem;
  if (ts.exc_info === undefined || !item) return undefined;
  // 3.7–3.10 test the type (like _PyErr_GetTopmostException), 3.11+ keep only the value
  return { kind: 'stack', excInfo: ts.exc_info, value: item.exc_type ?? item.exc_value, previous: item.previous_item };
}

export type StateLocation = Pick<InterpreterLocation, 'layout' | 'images' | 'runtime' | 'freeThreaded'>;

export class ThreadStateFlags {
  /** The ThreadStates bits this process can report. */
  readonly support: number;
  private readonly gil: GilRanges | undefined;
  private readonly gc: GcWord | undefined;
  private readonly exception: ExceptionSource | undefined;
  private readonly none: number;
  /** This sample's GIL address ranges (futex comparison) and collecting interpreters. */
  private ranges: Array<[number, number]> = [];
  private readonly collecting = new Set<number>();
  private collectingAll = false;

  /**
   * `kernelView`: whether the caller reads the threads' system calls (the futex fallback);
   * `native`: whether stacks are unwound natively (NativeCode).
   */
  constructor(private readonly m: PageCache, loc: StateLocation, options: { kernelView: boolean; native: boolean }) {
    const L = loc.layout;
    this.gil = gilRanges(L, loc);
    if (this.gil && this.gil.kind !== 'requested' && !options.kernelView) this.gil = undefined;
    this.gc = gcWord(L, loc);
    this.none = symbolIn(loc, '_Py_NoneStruct') ?? 0;
    this.exception = this.none ? exceptionSource(L) : undefined;
    if (this.gil?.kind === 'fixed') this.ranges = this.gil.ranges;
    let support = ThreadStates.OnCpu | ThreadStates.HoldsGil;
    if (this.gil) support |= ThreadStates.WaitingForGil;
    if (this.gc) support |= ThreadStates.GcCollecting;
    if (this.exception) support |= ThreadStates.HandlingException;
    if (options.native) support |= ThreadStates.NativeCode;
    this.support = support;
  }

  /** True when WaitingForGil needs the kernel's view of the threads (a futex address per sleeping thread). */
  get needsFutexes(): boolean {
    return this.gil !== undefined && this.gil.kind !== 'requested';
  }

  /** Queues this sample's reads with the batch that also reads the GIL state. */
  want(interps: readonly InterpreterRef[]): void {
    const gc = this.gc;
    if (gc?.kind === 'fixed') this.m.want(gc.address, 4);
    else if (gc) for (const i of interps) this.m.want(i.address + gc.offset, 4);
    if (this.gil?.kind === 'lock-pointer') this.m.want(this.gil.address, 8);
  }

  /** Reads them (after the batch). A word that cannot be read says nothing is collecting. */
  read(interps: readonly InterpreterRef[]): void {
    const m = this.m;
    this.collecting.clear();
    this.collectingAll = false;
    try {
      const gc = this.gc;
      if (gc?.kind === 'fixed') this.collectingAll = m.i32(gc.address) !== 0;
      else if (gc) for (const i of interps) if (m.i32(i.address + gc.offset) !== 0) this.collecting.add(i.id);
      const gil = this.gil;
      if (gil?.kind === 'per-interpreter') {
        this.ranges = [];
        for (const i of interps) {
          const g = m.u64(i.address + gil.pointer);
          if (g) this.ranges.push([g, g + gil.size]);
        }
      } else if (gil?.kind === 'lock-pointer') {
        const p = m.u64(gil.address);
        this.ranges = p ? [[p, p + SEM_SIZE]] : [];
      }
    } catch (e) {
      if (!(e instanceof ReadFault)) throw e;
    }
  }

  /**
   * The flags read from memory for one thread state (call it after `read`, while the sample's memory
   * is still consistent): HoldsGil, GcCollecting, HandlingException, and WaitingForGil on 3.15+.
   */
  of(tstate: number, interpreterId: number, ownsGil: boolean): number {
    let s = ownsGil ? ThreadStates.HoldsGil : 0;
    if (this.collectingAll || this.collecting.has(interpreterId)) s |= ThreadStates.GcCollecting;
    const m = this.m;
    try {
      if (this.gil?.kind === 'requested' && !ownsGil && m.i32(tstate + this.gil.offset) !== 0) s |= ThreadStates.WaitingForGil;
      if (this.handling(tstate)) s |= ThreadStates.HandlingException;
    } catch (e) {
      if (!isUnreadable(e)) throw e; // a torn read (nonblocking): the flags read so far
    }
    return s;
  }

  /** True when `futex` (a word a thread sleeps on) lies in this sample's GIL. */
  isGilWait(futex: number): boolean {
    for (const [start, end] of this.ranges) if (futex >= start && futex < end) return true;
    return false;
  }

  private handling(tstate: number): boolean {
    const src = this.exception;
    if (!src) return false;
    const m = this.m;
    const none = this.none;
    if (src.kind === 'tstate') {
      const t = m.u64(tstate + src.excType);
      return t !== 0 && t !== none;
    }
    let item = m.u64(tstate + src.excInfo);
    for (let i = 0; item && i < MAX_EXCEPTION_LEVELS; i++) {
      const v = m.u64(item + src.value);
      if (v !== 0 && v !== none) return true;
      item = m.u64(item + src.previous);
    }
    return false;
  }
}
