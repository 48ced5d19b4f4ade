/**
 * The samples that pass the filters in the time range, summed into each node's own count (`self`) and
 * from it each node's `total`, kept up to date from what was summed last rather than summed anew.
 */
import { totalsFromSelf } from './flame.js';
import type { ReportModel } from './model.js';

export class Aggregate {
  /** Samples of each node of the main tree itself (node 0: "all"). */
  readonly self: Float64Array;
  /** Samples of each node and its descendants. */
  readonly total: Float64Array;
  /** 1 for each context that passes the filters. */
  readonly ctxPass: Uint8Array;
  /** Whether the contexts passing the filters changed at the last update (the timeline's cells did). */
  passChanged = true;
  /** The buckets `self` was summed over ([0, B] for the whole record; undefined: not summed yet). */
  private summed: [number, number] | undefined;

  constructor(private readonly M: ReportModel) {
    this.self = new Float64Array(M.size);
    this.total = new Float64Array(M.size);
    this.ctxPass = new Uint8Array(M.ctxCount);
  }

  /**
   * `self` and `total` for the filters and `range` (buckets; undefined: the whole record), from what
   * `self` holds: a filter change over the whole record adds or takes away the records of the contexts
   * it flipped; a range change adds or takes away the buckets between the old and new edges when that
   * is fewer entries than the new range; else it is summed anew. Returns the samples selected.
   */
  update(range: [number, number] | undefined): number {
    const { B, ctxCount, dims, ctxRecStart, ctxRecList, recNode, recTotal, recCount } = this.M;
    const { ctxPass, self, summed } = this;
    const flipped: number[] = [];
    for (let c = 0; c < ctxCount; c++) {
      let pass = 1;
      for (const d of dims) if (!d.checked[d.of(c)]) pass = 0;
      if (ctxPass[c] !== pass) flipped.push(c);
      ctxPass[c] = pass;
    }
    this.passChanged = flipped.length > 0 || summed === undefined;
    const want: [number, number] = range === undefined ? [0, B] : [range[0], Math.min(B, range[1])];
    const whole = want[0] === 0 && want[1] === B;
    if (summed === undefined) this.sumSelf(want);
    else if (flipped.length > 0) {
      if (whole && summed[0] === 0 && summed[1] === B) {
        for (const c of flipped) {
          const sign = ctxPass[c] ? 1 : -1;
          for (let i = ctxRecStart[c]!, e = ctxRecStart[c + 1]!; i < e; i++) {
            const r = ctxRecList[i]!;
            self[recNode[r]!]! += sign * recTotal[r]!;
          }
        }
      } else this.sumSelf(want);
    } else if (summed[0] !== want[0] || summed[1] !== want[1]) {
      const [o0, o1] = summed;
      const [n0, n1] = want;
      const overlap = n0 < o1 && o0 < n1;
      const edges = this.entriesIn(Math.min(o0, n0), Math.max(o0, n0)) + this.entriesIn(Math.min(o1, n1), Math.max(o1, n1));
      if (overlap && edges < (whole ? recCount : this.entriesIn(n0, n1))) {
        if (n0 < o0) this.addBuckets(n0, o0, 1);
        else this.addBuckets(o0, n0, -1);
        if (n1 > o1) this.addBuckets(o1, n1, 1);
        else this.addBuckets(n1, o1, -1);
      } else this.sumSelf(want);
    }
    this.summed = want;
    totalsFromSelf(this.M.parent, self, this.total);
    return this.total[0]!;
  }

  private entriesIn(a: number, b: number): number {
    return this.M.bucketStart[b]! - this.M.bucketStart[a]!;
  }

  /** Adds (sign 1) or takes away (-1) the entries of buckets [a, b) of the contexts that pass. */
  private addBuckets(a: number, b: number, sign: number): void {
    const { bucketStart, byBucketRec, byBucketCount, recContext, recNode } = this.M;
    const { ctxPass, self } = this;
    for (let k = bucketStart[a]!, e = bucketStart[b]!; k < e; k++) {
      const r = byBucketRec[k]!;
      if (ctxPass[recContext[r]!]) self[recNode[r]!]! += sign * byBucketCount[k]!;
    }
  }

  private sumSelf(want: [number, number]): void {
    const { B, recCount, recContext, recNode, recTotal } = this.M;
    const { ctxPass, self } = this;
    self.fill(0);
    if (want[0] === 0 && want[1] === B) {
      for (let r = 0; r < recCount; r++) if (ctxPass[recContext[r]!]) self[recNode[r]!]! += recTotal[r]!;
    } else this.addBuckets(want[0], want[1], 1);
  }
}
