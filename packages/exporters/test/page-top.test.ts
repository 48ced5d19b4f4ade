/** The report table's top-k selection (page/top.ts) against a full sort, on values with many ties. */
import { describe, expect, it } from 'vitest';
import { topByValue } from '../page/top.js';

function bySort(ids: number[], values: Float64Array, k: number, descending: boolean): number[] {
  return [...ids].sort((a, b) => (values[a] !== values[b] ? (descending ? values[b]! - values[a]! : values[a]! - values[b]!) : a - b)).slice(0, k);
}

describe('topByValue', () => {
  it('gives the first k of a full sort, ties by id, both ways', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const n of [0, 1, 5, 300, 2000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(rnd() * 50));
      // a subset of the ids, in no order
      const ids = Array.from({ length: n }, (_, i) => i).filter(() => rnd() < 0.8).sort(() => rnd() - 0.5);
      for (const k of [0, 1, 7, 300]) {
        for (const descending of [true, false]) expect(topByValue(ids, values, k, descending)).toEqual(bySort(ids, values, k, descending));
      }
    }
  });
});
