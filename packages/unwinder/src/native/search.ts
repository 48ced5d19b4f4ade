/** Index of the first of `a[0..end)` that is greater than `x` (`a` sorted ascending). */
export function upperBound(a: ArrayLike<number>, x: number, end = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
