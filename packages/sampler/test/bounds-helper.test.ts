/**
 * tools/testing/bounds.ts, which every share and count assertion of the suite goes through: exact
 * binomial quantiles against values computed by hand, and a seeded simulation in which a correct
 * profile falls outside the bounds no more often than the risk says.
 */
import { describe, expect, test } from 'vitest';
import { binomialBounds, effectiveSamples, outsideBinomial, outsideBinomialSeries, poissonBounds, shareBounds } from '../../../tools/testing/bounds.js';
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

describe('samples in time order (effectiveSamples, outsideBinomialSeries)', () => {
  /** n samples of a target in the function a share p of the time, in runs of `run` equal samples (a target waiting for a CPU). */
  function series(random: () => number, n: number, p: number, run: number): boolean[] {
    const out: boolean[] = [];
    while (out.length < n) {
      const inside = random() < p;
      for (let i = 0; i < run && out.length < n; i++) out.push(inside);
    }
    return out;
  }

  test('independent samples are worth about their number; runs of 10 about a tenth of it', () => {
    const random = seededRandom(9);
    expect(effectiveSamples(series(random, 2000, 0.75, 1)) / 2000).toBeGreaterThan(0.85);
    const clustered = effectiveSamples(series(random, 2000, 0.75, 10));
    expect(clustered).toBeGreaterThan(2000 / 30);
    expect(clustered).toBeLessThan(2000 / 5);
    expect(effectiveSamples([true, true])).toBe(2);
  });

  test('clustered samples of a correct profile fall outside at about the risk, where the plain bounds miss far more often', () => {
    const random = seededRandom(27);
    const risk = 0.01;
    let seriesOutside = 0;
    let plainOutside = 0;
    const runs = 2000;
    for (let r = 0; r < runs; r++) {
      const s = series(random, 200, 0.75, 10);
      if (outsideBinomialSeries('heavy', s, 0.75, risk) !== undefined) seriesOutside++;
      if (outsideBinomial('heavy', s.filter((x) => x).length, s.length, 0.75, risk) !== undefined) plainOutside++;
    }
    // (the AR(1) correction is approximate: within a few times the risk, against tens of times for the plain bounds)
    expect(seriesOutside / runs).toBeLessThan(4 * risk);
    expect(plainOutside / runs).toBeGreaterThan(10 * risk);
  });

  test('outsideBinomialSeries says what the samples were worth', () => {
    const far = Array.from({ length: 200 }, (_, i) => i % 20 < 19);
    expect(outsideBinomialSeries('heavy', far, 0.5)).toMatch(/^heavy: .* \(190 of 200 samples in time order, worth \d+ independent ones\)$/);
  });
});

