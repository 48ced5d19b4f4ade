/** Pointers read from _PyStackRef slots (3.13+), whose low tag bits must be cleared before use. */
import type { PythonLayout } from '@pyglass/cpython-layouts';

/** A pointer with the tag bits of its _PyStackRef cleared (the identity where values are not tagged). */
export type Untag = (p: number) => number;

const plain: Untag = (p) => p;

/** The untagging of layout `L`'s value slots (f_executable, localsplus, task fields). */
export function stackRefUntag(L: PythonLayout): Untag {
  const tagBits = L.stackRefTagBits;
  if (!tagBits) return plain;
  const tagMod = tagBits + 1;
  return (p) => p - (p % tagMod);
}
