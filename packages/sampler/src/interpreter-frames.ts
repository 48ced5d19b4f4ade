/**
 * Facts about 3.11+ `_PyInterpreterFrame` chains that both the stack walk (reader.ts) and the
 * native merge (native.ts) need: where a thread's chain starts, and which frames belong to C.
 */
import type { PythonLayout } from '@pyglass/cpython-layouts';
import type { PageCache } from './pagecache.js';

/** The innermost _PyInterpreterFrame of a 3.11+ thread: tstate->current_frame (3.13+) or tstate->cframe->current_frame (3.11–3.12). */
export function currentInterpreterFrame(m: PageCache, L: PythonLayout, tstate: number): number {
  const ts = L.thread_state;
  if (ts.current_frame !== undefined) return m.u64(tstate + ts.current_frame);
  const cf = m.u64(tstate + ts.cframe!);
  return cf ? m.u64(cf + L.cframe!.current_frame) : 0;
}

/** The FRAME_OWNED_BY_* values of frames that belong to the C stack (3.12+), not to Python code. */
export function cStackOwners(L: PythonLayout): number[] {
  const c = L.constants;
  const owners: number[] = [];
  if (L.major === 3 && L.minor >= 12) {
    if (c.FRAME_OWNED_BY_CSTACK !== undefined) owners.push(c.FRAME_OWNED_BY_CSTACK);
    if (c.FRAME_OWNED_BY_INTERPRETER !== undefined) owners.push(c.FRAME_OWNED_BY_INTERPRETER);
  }
  return owners;
}
