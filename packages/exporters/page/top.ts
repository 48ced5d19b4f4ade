/**
 * The `k` ids ranking first by `values` (largest first when `descending`, else smallest), ties broken
 * by the smaller id, in that order. One pass with a heap of k entries, so a table of the top few hundred
 * of tens of thousands of functions costs a pass over them, not a sort.
 */
export function topByValue(ids: ArrayLike<number>, values: Float64Array, k: number, descending: boolean): number[] {
  // a ranks before b
  const before = (a: number, b: number) => {
    const x = values[a]!;
    const y = values[b]!;
    return x !== y ? (descending ? x > y : x < y) : a < b;
  };
  // the heap's root is the entry ranking last of those kept
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let last = i;
      if (l < heap.length && before(heap[last]!, heap[l]!)) last = l;
      if (r < heap.length && before(heap[last]!, heap[r]!)) last = r;
      if (last === i) return;
      [heap[i], heap[last]] = [heap[last]!, heap[i]!];
      i = last;
    }
  };
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    if (heap.length < k) {
      heap.push(id);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!before(heap[p]!, heap[i]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (k > 0 && before(id, heap[0]!)) {
      heap[0] = id;
      down(0);
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : 1));
}
