/**
 * tools/testing/bounds.ts, which every share and count assertion of the suite goes through: exact
 * binomial quantiles against values computed by hand, and a seeded simulation in which a correct
 * profile falls outside the bounds no more often than the risk says.
 */
import { describe, expect, test } from 'vitest';
import { binomialBounds, outsideBinomial, poissonBounds, shareBounds } from '../../../tools/testing/bounds.js';
import { seededRandom } from '../../../tools/testing/random.js';

describe('binomialBounds', () => {
  test('Binomial(100, 0.5) at risk 5 %: 40–60 (P(X ≤ 39) = 0.0176, P(X ≤ 40) = 0.0284)', () => {
    expect(binomialBounds(100, 0.5, 0.05)).toEqual({ low: 40, high: 60 });
  });

  test('skewed and extreme cases', () => {
    // P(X = 0) for Binomial(10, 0.1) is 0.349: no count is excluded below
    expect(binomialBounds(10, 0.1, 0.05).low).toBe(0);
    expect(binomialBounds(0, 0.3)).toEqual({ low: 0, high: 0 });
    expect(binomialBounds(50, 0)).toEqual({ low: 0, high: 0 });
    expect(binomialBounds(50, 1)).toEqual({ low: 50, high: 50 });
    // large n: about ±6.1 σ at the default risk of 1e-9
    const b = binomialBounds(1_000_000, 0.75);
    const sigma = Math.sqrt(1_000_000 * 0.75 * 0.25);
    expect((750_000 - b.low) / sigma).toBeGreaterThan(5.9);
    expect((750_000 - b.low) / sigma).toBeLessThan(6.3);
    expect(shareBounds(0, 0.5)).toEqual({ low: 0, high: 1 });
    expect(() => binomialBounds(10.5, 0.5)).toThrow(RangeError);
  });

  test('a simulated correct profile falls outside the bounds at most as often as the risk', () => {
    const random = seededRandom(26);
    const n = 200;
    const p = 0.75;
    const risk = 0.01;
    const { low, high } = binomialBounds(n, p, risk);
    let outside = 0;
    const runs = 20_000;
    for (let r = 0; r < runs; r++) {
      let k = 0;
      for (let i = 0; i < n; i++) if (random() < p) k++;
      if (k < low || k > high) outside++;
    }
    // exact bounds are conservative: the miss rate is at most the risk (plus simulation noise, 3 σ)
    expect(outside / runs).toBeLessThanOrEqual(risk + 3 * Math.sqrt(risk / runs));
    // and not much below it, or the bounds would be wider than they need to be
    expect(outside / runs).toBeGreaterThan(risk / 4);
  });

  test('poissonBounds: Poisson(150) at risk 1 % is 119–182 (P(X ≤ 118) = 0.0039, P(X ≤ 119) = 0.0051, P(X > 182) = 0.0050, P(X > 181) = 0.0062)', () => {
    expect(poissonBounds(150, 0.01)).toEqual({ low: 119, high: 182 });
    expect(poissonBounds(0)).toEqual({ low: 0, high: 0 });
  });

  test('outsideBinomial says what was compared', () => {
    expect(outsideBinomial('heavy', 150, 200, 0.75)).toBeUndefined();
    expect(outsideBinomial('heavy', 190, 200, 0.75, 0.01)).toMatch(/^heavy: 190 of 200 samples \(95\.0 %\), expected \d+–\d+ .* for a share of 75\.0 %/);
  });
});
