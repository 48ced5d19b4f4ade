/**
 * Where a 3.11+ thread's `_PyInterpreterFrame` chain starts, which both the stack walk (reader.ts)
 * and the native merge (native.ts) need.
 */
import type { InterpreterFramesLayout } from '@pyglass/cpython-layouts';
import type { PageCache } from './pagecache.js';

/** The innermost _PyInterpreterFrame of a 3.11+ thread: tstate->current_frame (3.13+) or tstate->cframe->current_frame (3.11–3.12). */
export function currentInterpreterFrame(m: PageCache, L: InterpreterFramesLayout, tstate: number): number {
  if (L.currentFrame === 'thread-state') return m.u64(tstate + L.thread_state.current_frame);
  const cf = m.u64(tstate + L.thread_state.cframe);
  return cf ? m.u64(cf + L.cframe.current_frame) : 0;
}
