/**
 * The thread states of every interpreter of the target, read once per sample: the pages of last
 * sample's thread states go in one batch with the interpreter list, then each interpreter's list
 * is walked (bounded, cycle-safe).
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { InterpreterList, type InterpreterRef } from './interpreters.js';
import { GarbageObject } from '../objects/objects.js';
import type { PageCache } from '../memory/pagecache.js';

/** A thread list longer than this is garbage (Linux's default threads-max is far above 10,000 threads). */
export const MAX_THREADS = 1 << 18;

export class ThreadList {
  private readonly interpreterList: InterpreterList;
  private known: number[] = [];
  /** Interpreter id of each thread state of the last walk (parallel to `known`). */
  private ids: number[] = [];
  private interps: InterpreterRef[] = [];
  private readonly seen = new Set<number>();

  /**
   * `headPointer`: address of `_PyRuntime.interpreters.head` (3.7+), else undefined and the walk
   * starts at `interp`, the located interpreter.
   */
  constructor(private readonly m: PageCache, private readonly L: PythonLayout, headPointer: number | undefined, interp: number) {
    this.interpreterList = new InterpreterList(m, L, headPointer, interp);
  }

  /** The thread-state addresses of every interpreter (newest interpreter first). */
  read(): number[] {
    const m = this.m;
    const L = this.L;
    for (const t of this.known) m.want(t, L.thread_state.size);
    this.interpreterList.want();
    m.flush();
    const out: number[] = [];
    const ids: number[] = [];
    this.seen.clear();
    this.interps = this.interpreterList.read();
    for (const interp of this.interps) {
      let t = m.u64(interp.address + L.interpreter_state.threads_head);
      while (t) {
        if (this.seen.has(t)) break;
        if (out.length >= MAX_THREADS) throw new GarbageObject(`more than ${MAX_THREADS} threads`);
        this.seen.add(t);
        out.push(t);
        ids.push(interp.id);
        t = m.u64(t + L.thread_state.next);
      }
    }
    this.known = out;
    this.ids = ids;
    return out;
  }

  /** The interpreters of the last read, newest first (the main one is last). */
  interpreters(): readonly InterpreterRef[] {
    return this.interps;
  }

  /** Id of the interpreter of the `i`-th thread state of the last read. */
  interpreterIdOf(i: number): number {
    return this.ids[i] ?? 0;
  }
}
