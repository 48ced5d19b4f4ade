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
import { GarbageObject } from '../objects/objects.js';
import { ReadFault, type PageCache } from '../memory/pagecache.js';

/** Objects walked per `walk`, at most (a program has ~10⁵–10⁶; the bound caps a walk of garbage). */
export const MAX_GC_OBJECTS = 4_000_000;

const GC_HEAD = 16; // sizeof(PyGC_Head)
const GC_GENERATION = 24; // sizeof(struct gc_generation)
const OB_TYPE = 8; // PyObject.ob_type (GIL builds: the only ones with these lists)

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
    const firstIsObject = (h: number): boolean => {
      try {
        const type = m.u64(m.u64(h) - (m.u64(h) % 2) + GC_HEAD + OB_TYPE);
        return type !== 0 && type % 8 === 0 && m.u64(type + OB_TYPE) !== 0;
      } catch (e) {
        if (e instanceof ReadFault) return false;
        throw e;
      }
    };
    // a step of 4: Debian's 3.13 has its generations at interp + 7420 (4 mod 8)
    // cheap shape first: pointers, then sane threshold/count ints
    const shaped = (h: number): boolean => {
      const next = m.u64(h);
      return next !== 0 && next % 4 === 0 && m.u64(h + 8) !== 0 && small(m.i32(h + 16)) && m.i32(h + 20) > -(1 << 30);
    };
    for (let off = 0; off + 4 * GC_GENERATION <= size; off += 4) {
      const base = interp + off;
      const ok = shaped(base) && shaped(base + GC_GENERATION) && shaped(base + 2 * GC_GENERATION);
      if (!ok || !isHead(base) || !isHead(base + GC_GENERATION) || !isHead(base + 2 * GC_GENERATION)) continue;
      const heads = [base, base + GC_GENERATION, base + 2 * GC_GENERATION];
      // Other structs can look like three empty lists: a running program has objects in one of
      // its generations, and each list's first object has a type whose own type is readable.
      if (!heads.some((h) => m.u64(h) !== h) || !heads.every((h) => m.u64(h) === h || firstIsObject(h))) continue;
      // the permanent generation: after generation0 (≤3.13) or right after old[1] (3.14+)
      const after = base + 3 * GC_GENERATION;
      if (m.u64(after) === base && isHead(after + 8)) heads.push(after + 8);
      else if (isHead(after)) heads.push(after);
      // A list being changed right now (the young one, even in a paused target stopped inside a
      // collection) fails isHead: a generation-shaped struct just before the run is taken too (the
      // walk of a list that does not come back to its head is bounded and stops at any head).
      const before = base - GC_GENERATION;
      const confirmed = m.u64(base + 3 * GC_GENERATION) === base; // ≤3.13: generation0 points at base
      if (!confirmed && off >= GC_GENERATION && shaped(before) && (m.u64(before) === before || firstIsObject(before))) heads.unshift(before);
      return new GcLists(heads);
    }
    throw notFound('the garbage collector lists were not found in the interpreter state');
  }

  /**
   * Calls `visit(object address)` for every object on the lists, until it returns false or
   * MAX_GC_OBJECTS objects were visited. Read while the target runs, a list can change under the
   * walk (a freed object; a collection moving objects to another list, 3.14's incremental one all
   * the time): that list is left where it broke or where it reached another list's head, and the
   * others are still walked. Returns false when some list was cut short so.
   */
  walk(m: PageCache, visit: (obj: number) => boolean): boolean {
    m.reset();
    let steps = 0;
    let whole = true;
    for (const head of this.heads) {
      try {
        let gc = m.u64(head);
        gc -= gc % 2;
        while (gc && gc !== head) {
          if (this.heads.includes(gc) || steps++ >= MAX_GC_OBJECTS) {
            whole = false;
            break;
          }
          if (!visit(gc + GC_HEAD)) return whole;
          const next = m.u64(gc);
          gc = next - (next % 2); // bit 0: NEXT_MASK_UNREACHABLE during a collection
        }
        if (!gc) whole = false;
      } catch (e) {
        if (!(e instanceof ReadFault || e instanceof GarbageObject)) throw e;
        whole = false;
      }
    }
    return whole;
  }
}
