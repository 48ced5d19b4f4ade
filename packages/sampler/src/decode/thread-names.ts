/**
 * Thread names, read like py-spy (python_threading.rs) from `threading._active` (ident → Thread), for
 * every interpreter: each sub-interpreter has its own `threading` module, and names its own threads.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import type { InterpreterRef } from '../read/interpreters.js';
import { GarbageObject, type ObjectReader } from '../objects/objects.js';
import { ReadFault } from '../memory/pagecache.js';

/** A name that cannot be read is left unknown; anything else is a bug and goes up. */
function expected(e: unknown): boolean {
  return e instanceof ReadFault || e instanceof GarbageObject;
}

/** Adds `ident → name` for every thread of `threading._active` of the interpreter at `interp`. */
export function readThreadNames(objs: ObjectReader, L: PythonLayout, interp: number, into: Map<number, string>): void {
  try {
    const modules = objs.ptr(interp + L.interpreter_state.imports_modules);
    if (!modules) return;
    const threading = objs.dictGet(modules, 'threading');
    if (!threading) return;
    const active = objs.instanceAttr(threading, '_active');
    if (!active) return;
    objs.dictForEach(active, (key, thread) => {
      try {
        const ident = objs.readInt(key);
        if (typeof ident !== 'number') return;
        const nameObj = objs.instanceAttr(thread, '_name') || objs.instanceAttr(thread, '_Thread__name');
        if (nameObj) into.set(ident, objs.readString(nameObj));
      } catch (e) {
        if (!expected(e)) throw e; // skip this thread
      }
    });
  } catch (e) {
    if (!expected(e)) throw e; // names stay unknown
  }
}

/**
 * Names by interpreter. A thread state takes its own interpreter's name for its thread; when that
 * interpreter has none (code run with `interp.exec()` from a thread of another interpreter), the
 * name its OS thread has in the main interpreter, then in any other.
 */
export class ThreadNames {
  private readonly byInterpreter = new Map<number, Map<number, string>>();
  private readonly misses = new Set<string>();
  private lastRefresh = 0;
  private retryMs = 1000;

  lookup(interpreterId: number, threadId: number): string | undefined {
    const own = this.byInterpreter.get(interpreterId)?.get(threadId);
    if (own !== undefined) return own;
    const main = this.byInterpreter.get(0)?.get(threadId);
    if (main !== undefined) return main;
    for (const names of this.byInterpreter.values()) {
      const any = names.get(threadId);
      if (any !== undefined) return any;
    }
    return undefined;
  }

  /**
   * Re-reads every interpreter's names when a thread has no name yet. Threads that are in no
   * `threading._active` (C threads, or no `threading` at all) are retried after 1 s, then less often
   * (up to every 10 s) while the refreshes find nothing new, not at every sample.
   */
  update(objs: ObjectReader, L: PythonLayout, interps: readonly InterpreterRef[], threads: Array<{ interpreterId: number; threadId: number }>): void {
    // the usual case, every thread named: no allocation
    if (threads.every((t) => this.lookup(t.interpreterId, t.threadId) !== undefined)) return;
    const missing = threads.filter((t) => this.lookup(t.interpreterId, t.threadId) === undefined).map((t) => `${t.interpreterId}/${t.threadId}`);
    const now = Date.now();
    if (missing.every((k) => this.misses.has(k)) && now - this.lastRefresh < this.retryMs) return;
    this.lastRefresh = now;
    objs.m.reset();
    let named = 0;
    for (const interp of interps) {
      let names = this.byInterpreter.get(interp.id);
      if (names === undefined) this.byInterpreter.set(interp.id, (names = new Map()));
      const before = names.size;
      readThreadNames(objs, L, interp.address, names);
      named += names.size - before;
    }
    for (const t of threads) {
      if (this.lookup(t.interpreterId, t.threadId) === undefined) this.misses.add(`${t.interpreterId}/${t.threadId}`);
    }
    // A refresh reads sys.modules (~4 ms on a loaded machine): while they find nothing new, they
    // come less often (1, 2, 4 … 10 s): 100 processes without `threading` cost 40 % of a core at 1 s.
    this.retryMs = named > 0 ? 1000 : Math.min(this.retryMs * 2, 10_000);
  }
}
