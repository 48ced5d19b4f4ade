import type { InterpreterFramesLayout } from './layout.js';

/** What a 3.11+ reader needs of `_PyInterpreterFrame.owner`. */
export interface FrameOwners {
  /** owners of frames that belong to the C stack, not to Python code (3.12+: FRAME_OWNED_BY_CSTACK, 3.14+: _INTERPRETER) */
  readonly cStack: readonly number[];
  /** the highest owner value of this version: a frame claiming more is not a frame */
  readonly max: number;
}

/** The frame-owner values of a layout, from its constants (the names a version lacks are absent). */
export function frameOwners(L: InterpreterFramesLayout): FrameOwners {
  const c = L.constants;
  const cStack: number[] = [];
  if (c.FRAME_OWNED_BY_CSTACK !== undefined) cStack.push(c.FRAME_OWNED_BY_CSTACK);
  if (c.FRAME_OWNED_BY_INTERPRETER !== undefined) cStack.push(c.FRAME_OWNED_BY_INTERPRETER);
  return { cStack, max: Math.max(c.FRAME_OWNED_BY_THREAD, c.FRAME_OWNED_BY_GENERATOR, c.FRAME_OWNED_BY_FRAME_OBJECT, ...cStack) };
}
