/**
 * Interned stacks: frame arrays whose identity stands for their content. The capture reader hands
 * out one frozen array (of frozen frames) per distinct stack, so a renderer can key a cache by the
 * array itself — one hash lookup per sample instead of a walk over its frames. Arrays from a live
 * sampler are fresh each sample and never marked: the renderers' other paths handle them.
 */
import type { Frame } from '@pyglass/model';

const interned = new WeakSet<readonly Frame[]>();

/** Marks `frames` (and its frames) as an interned stack, freezing them: its content cannot change from here on. */
export function internStack(frames: Frame[]): Frame[] {
  for (const f of frames) Object.freeze(f);
  Object.freeze(frames);
  interned.add(frames);
  return frames;
}

/** Whether `frames` is an interned stack (see internStack). */
export function isInternedStack(frames: readonly Frame[]): boolean {
  return interned.has(frames);
}
