/**
 * Which thread states "own the GIL" in a sample (`owns_gil`, the `active+gil` status, `--gil`):
 *
 * - ≤3.11: one GIL for the whole runtime; its holder is `_PyRuntime.gilstate.tstate_current`.
 * - 3.12+: one GIL per interpreter (PEP 684; legacy sub-interpreters point at the main one): the holder
 *   of each interpreter's `ceval.gil` is its `last_holder` while `locked`.
 * - Free-threaded builds have no GIL. There, owning the GIL means being **attached**: the thread
 *   state is the current one of its OS thread and runs Python (it is not in a call that detached it:
 *   sleep, I/O, lock waits, a nested interpreter). Several threads can be attached at once. This is
 *   `_status.active`, what CPython's own sampler (3.15 Tachyon) reports as "has GIL" on such builds.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import { isAttached, type InterpreterRef } from './interpreters.js';
import type { GilLocation } from '../attach/locate.js';
import { ReadFault, type PageCache } from '../memory/pagecache.js';

export class GilOwners {
  private readonly holders = new Set<number>();

  constructor(private readonly m: PageCache, private readonly L: PythonLayout, private readonly gil: GilLocation, private readonly freeThreaded: boolean) {}

  /** True when more than one thread state can own the GIL in one sample. */
  manyOwners(interpreters: number): boolean {
    return this.freeThreaded || (interpreters > 1 && this.L.interpreter_state.ceval_gil !== undefined);
  }

  /** Queues the GIL pointers of this sample's interpreters for the next batched read. */
  want(interps: readonly InterpreterRef[]): void {
    if (this.freeThreaded) return;
    if (this.gil.tstatePointer) this.m.want(this.gil.tstatePointer, 8);
    const ceval = this.L.interpreter_state.ceval_gil;
    if (ceval !== undefined) for (const i of interps) this.m.want(i.address + ceval, 8);
  }

  /** Reads the holders (after the batch was flushed). A holder that cannot be read is no holder. */
  read(interps: readonly InterpreterRef[]): void {
    this.holders.clear();
    if (this.freeThreaded) return;
    const m = this.m;
    try {
      if (this.gil.tstatePointer) {
        const holder = m.u64(this.gil.tstatePointer);
        if (holder) this.holders.add(holder);
        return;
      }
      const ceval = this.L.interpreter_state.ceval_gil;
      const G = this.L.gil_runtime_state;
      if (ceval === undefined || G === undefined) return;
      for (const i of interps) {
        const g = m.u64(i.address + ceval);
        if (g && m.i32(g + G.locked) !== 0) {
          const holder = m.u64(g + G.last_holder);
          if (holder) this.holders.add(holder);
        }
      }
    } catch (e) {
      // a GIL state that moved under a nonblocking read: nobody is reported as holding it
      if (!(e instanceof ReadFault)) throw e;
    }
  }

  owns(tstate: number): boolean {
    if (this.freeThreaded) return isAttached(this.m, this.L, tstate) === true;
    return this.holders.has(tstate);
  }
}
