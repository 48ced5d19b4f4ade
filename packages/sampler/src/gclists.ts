/**
 * The garbage collector's object lists of an interpreter, read from outside: every GC-tracked
 * object (and objects allocated with PyObject_GC_New that say they are untracked, like live
 * greenlets) sits on one circular list of `PyGC_Head {_gc_next, _gc_prev}` nodes, the object right
 * after its node. The list heads are `struct gc_generation {PyGC_Head head; int threshold; int
 * count}` in the interpreter state (3.9+; before, the GC state is runtime-wide): they are found by
 * their shape, three consecutive generations whose circular lists link back to them — 3.9–3.13
 * `generations[3]`, then `generation0` (a pointer to the first) and the permanent generation; 3.14+
 * `young, old[2], permanent`. Free-threaded builds keep no such lists.
 */
import { GarbageObject } from './objects.js';
import { ReadFault, type PageCache } from './pagecache.js';

/** Objects walked per `walk`, at most (a program has ~10⁵–10⁶; the bound caps a walk of garbage). */
export const MAX_GC_OBJECTS = 4_000_000;

const GC_HEAD = 16; // sizeof(PyGC_Head)
const GC_GENERATION = 24; // sizeof(struct gc_generation)

export class GcLists {
  private constructor(readonly heads: readonly number[]) {}

  /**
   * Locates the list heads in the interpreter state at [interp, interp + size). `notFound(why)`
   * makes the error thrown when there are none.
   */
  static find(m: PageCache, interp: number, size: number, notFound: (why: string) => Error): GcLists {
    m.want(interp, size);
    m.flush();
    const isHead = (h: number): boolean => {
      try {
        const next = m.u64(h);
        const prev = m.u64(h + 8);
        if (!next || !prev || next % 4 !== 0) return false;
        if (next === h) return prev === h;
        const nextPrev = m.u64(next + 8);
        return nextPrev - (nextPrev % 4) === h && m.u64(prev) - (m.u64(prev) % 2) === h;
      } catch (e) {
        if (e instanceof ReadFault) return false;
        throw e;
      }
    };
    const small = (v: number) => v >= 0 && v < 1 << 30;
    // a step of 4: Debian's 3.13 has its generations at interp + 7420 (4 mod 8)
    for (let off = 0; off + 4 * GC_GENERATION <= size; off += 4) {
      const base = interp + off;
      let ok = true;
      for (let k = 0; k < 3 && ok; k++) {
        const h = base + k * GC_GENERATION;
        const next = m.u64(h);
        // cheap shape first: pointers, then sane threshold/count ints
        ok = next !== 0 && next % 4 === 0 && m.u64(h + 8) !== 0 && small(m.i32(h + 16)) && m.i32(h + 20) > -(1 << 30);
      }
      if (!ok || !isHead(base) || !isHead(base + GC_GENERATION) || !isHead(base + 2 * GC_GENERATION)) continue;
      const heads = [base, base + GC_GENERATION, base + 2 * GC_GENERATION];
      // the permanent generation: after generation0 (≤3.13) or right after old[1] (3.14+)
      const after = base + 3 * GC_GENERATION;
      if (m.u64(after) === base && isHead(after + 8)) heads.push(after + 8);
      else if (isHead(after)) heads.push(after);
      return new GcLists(heads);
    }
    throw notFound('the garbage collector lists were not found in the interpreter state');
  }

  /**
   * Calls `visit(object address)` for every object on the lists, until it returns false or
   * MAX_GC_OBJECTS objects were visited. Read while the target runs, a list can change under the
   * walk (a freed object, a loop): that list is left where it broke, the others are still walked.
   */
  walk(m: PageCache, visit: (obj: number) => boolean): void {
    m.reset();
    let steps = 0;
    for (const head of this.heads) {
      try {
        let gc = m.u64(head);
        gc -= gc % 2;
        while (gc && gc !== head && steps++ < MAX_GC_OBJECTS) {
          if (!visit(gc + GC_HEAD)) return;
          const next = m.u64(gc);
          gc = next - (next % 2); // bit 0: NEXT_MASK_UNREACHABLE during a collection
        }
      } catch (e) {
        if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
      }
    }
  }
}
