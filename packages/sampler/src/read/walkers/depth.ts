/**
 * The depth cap of a stack walk. A stack deeper than MAX_FRAMES (a runaway recursion with a raised
 * recursion limit) is read up to the cap, innermost frames first, and ends with one marker frame
 * in place of the outer frames, so dumps and profiles say that frames are missing.
 */
import type { Frame } from '../../types.js';

/** Frames read per thread; a deeper stack is cut with `truncatedStackFrame()` as its outermost frame. */
export const MAX_FRAMES = 1 << 16;

/** File name of the marker frame (not a real file: nothing can be named so by Python). */
export const TRUNCATED_STACK_FILENAME = '<pyglass: stack truncated>';

const marker: Frame = Object.freeze({
  name: `[outer frames not shown: the stack is deeper than ${MAX_FRAMES} frames]`,
  filename: TRUNCATED_STACK_FILENAME,
  module: undefined,
  shortFilename: TRUNCATED_STACK_FILENAME,
  line: 0,
  locals: undefined,
  isEntry: true,
  isShimEntry: true,
});

/** The marker that stands for the frames beyond MAX_FRAMES (outermost in its trace). */
export function truncatedStackFrame(): Frame {
  return marker;
}

/**
 * Brent's cycle detection over a chain of addresses, without allocating: `repeats(a)` is true once
 * the chain has come back to an address it passed (at most about twice the loop's length later).
 */
export class LoopCheck {
  private saved = -1;
  private power = 1;
  private steps = 0;

  repeats(address: number): boolean {
    if (address === this.saved) return true;
    if (++this.steps === this.power) {
      this.saved = address;
      this.power *= 2;
      this.steps = 0;
    }
    return false;
  }
}
