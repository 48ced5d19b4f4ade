/**
 * Every interpreter of the target's runtime, not just the main one: sub-interpreters (3.12+
 * `_xxsubinterpreters`, 3.13 `_interpreters`, 3.14+ `concurrent.interpreters`, or the C API) keep their
 * own thread lists. The runtime links them newest first from `_PyRuntime.interpreters.head` through
 * `interp->next`; the main interpreter (id 0) is the last one.
 *
 * An OS thread that runs code in another interpreter (`interp.exec()`) has one thread state per
 * interpreter it entered; only the innermost one runs, the others wait in the call. `markNested`
 * picks the running one so that the OS thread's time is not counted twice.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { GarbageObject } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';

/** More interpreters than this in one list means the list is garbage (or the walk is lost). */
export const MAX_INTERPRETERS = 1024;

/**
 * Bit of `PyThreadState._status` that is set while the thread state is the current one of its OS
 * thread and attached (`tstate_activate`/`tstate_deactivate`, 3.12+): initialized, bound, unbound,
 * bound_gilstate, active are bits 0–4 in 3.12–3.15.
 */
export const THREAD_STATUS_ACTIVE_BIT = 4;

export interface InterpreterRef {
  /** Address of the PyInterpreterState. */
  address: number;
  /** `interp->id` (0 for the main interpreter); before 3.7, the position counted from the main one. */
  id: number;
}

/** Whether the thread state at `tstate` is attached (3.12+), from its `_status` word; undefined before 3.12. */
export function isAttached(m: PageCache, L: PythonLayout, tstate: number): boolean | undefined {
  const status = L.thread_state.status;
  if (status === undefined) return undefined;
  return ((m.u32(tstate + status) >>> THREAD_STATUS_ACTIVE_BIT) & 1) === 1;
}

/** Reads the runtime's interpreter list once per sample (bounded, cycle-safe, head re-read each time). */
export class InterpreterList {
  private known: number[] = [];
  private readonly refs: InterpreterRef[] = [];
  private readonly seen = new Set<number>();

  /**
   * `headPointer`: address of `_PyRuntime.interpreters.head` (3.7+), else undefined and the walk
   * starts at `fallback` (before 3.7 the located interpreter is the head of the list).
   */
  constructor(private readonly m: PageCache, private readonly L: PythonLayout, private readonly headPointer: number | undefined, private readonly fallback: number) {}

  /** Queues the pages of last sample's interpreters (their list fields) for the next batched read. */
  want(): void {
    const I = this.L.interpreter_state;
    if (this.headPointer !== undefined) this.m.want(this.headPointer, 8);
    for (const interp of this.known) {
      this.m.want(interp + I.next, 8);
      this.m.want(interp + I.threads_head, 8);
      if (I.id !== undefined) this.m.want(interp + I.id, 8);
      if (I.ceval_gil !== undefined) this.m.want(interp + I.ceval_gil, 8);
    }
  }

  /** Every interpreter, newest first (the runtime's order). */
  read(): InterpreterRef[] {
    const m = this.m;
    const I = this.L.interpreter_state;
    const addresses: number[] = [];
    this.seen.clear();
    let interp = this.headPointer !== undefined ? m.u64(this.headPointer) : this.fallback;
    // 0 while the runtime is finalizing: fall back to the interpreter we located
    if (interp === 0) interp = this.fallback;
    while (interp !== 0 && !this.seen.has(interp)) {
      if (addresses.length >= MAX_INTERPRETERS) throw new GarbageObject(`more than ${MAX_INTERPRETERS} interpreters`);
      this.seen.add(interp);
      addresses.push(interp);
      interp = m.u64(interp + I.next);
    }
    const n = addresses.length;
    // the same interpreters as last sample (the usual case): the same objects, nothing allocated
    for (let i = 0; i < n; i++) {
      const address = addresses[i]!;
      const id = I.id !== undefined ? m.i64(address + I.id) : n - 1 - i;
      const ref = this.refs[i];
      if (ref === undefined || ref.address !== address || ref.id !== id) this.refs[i] = { address, id };
    }
    this.refs.length = n;
    this.known = addresses;
    return this.refs;
  }
}

/** What `markNested` needs to know of one thread state. */
export interface NestableThread {
  threadId: number;
  interpreterId: number;
  /** Frames read for it. */
  depth: number;
  /** `_status.active` (3.12+), undefined when unknown. */
  attached: boolean | undefined;
  /** Set on the thread states that wait for a nested interpreter call of their OS thread. */
  nested?: boolean | undefined;
}

/**
 * Among thread states of the same OS thread in different interpreters, marks all but the running
 * one as `nested`. The running one is the attached one when exactly one is attached (3.12+);
 * otherwise (the thread sleeps, or before 3.12) the one of the highest interpreter id that has
 * frames: code reaches a sub-interpreter by a call from an older interpreter.
 */
export function markNested(threads: NestableThread[]): void {
  const byThread = new Map<number, NestableThread[]>();
  for (const t of threads) {
    if (t.threadId === 0) continue;
    const group = byThread.get(t.threadId);
    if (group) group.push(t);
    else byThread.set(t.threadId, [t]);
  }
  for (const group of byThread.values()) {
    if (group.length < 2) continue;
    const attached = group.filter((t) => t.attached === true);
    let running: NestableThread | undefined = attached.length === 1 ? attached[0] : undefined;
    if (running === undefined) {
      for (const t of group) {
        const better = running === undefined
          || (t.depth > 0 && running.depth === 0)
          || ((t.depth > 0) === (running.depth > 0) && t.interpreterId > running.interpreterId);
        if (better) running = t;
      }
    }
    for (const t of group) t.nested = t !== running;
  }
}
