/**
 * Bounds for counts of samples, so that a test compares a profile with what the target did without
 * depending on how busy the machine is.
 *
 * A sampled profile is a count: of n samples, k landed in a function the target spent a fraction p
 * of its time in (the target measures p itself, e.g. with time.thread_time()). If the samples are
 * independent, k follows Binomial(n, p), and `binomialBounds(n, p)` gives the counts that k falls
 * outside of with probability at most `risk` — computed exactly from n, whatever n is, so a starved
 * run with few samples gets wide bounds and a quiet one narrow bounds.
 *
 * Samples are independent when the target switches between the functions much faster than the
 * sampling interval (a target that spends 30 ms in one function gives runs of identical samples:
 * alternate in chunks well under a millisecond). A loaded machine still clusters them a little: a
 * target waiting for a CPU keeps its stack for a few milliseconds, so consecutive samples repeat.
 * The default risk (1e-9, about 6 standard deviations) leaves room for that: with samples
 * clustered in pairs or threes, a bound is still ~3.5 standard deviations away. A heavily loaded
 * machine clusters them far more (a process waiting 50 ms for a CPU at 200 samples a second gives
 * ten identical samples): `outsideBinomialSeries` takes the samples in time order and counts them
 * for what they are worth (`effectiveSamples`).
 */

/** Default chance that a correct profile falls outside the bounds (both sides together). */
export const DEFAULT_RISK = 1e-9;

export interface Bounds {
  /** Lowest count (or share) inside the bounds. */
  low: number;
  /** Highest count (or share) inside the bounds. */
  high: number;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: ~15 significant digits). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
function pmf(n: number, p: number, k: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * The counts a Binomial(n, p) falls outside of with probability at most `risk` (at most risk/2 on
 * each side): `low` is the largest k with P(X < k) ≤ risk/2, `high` the smallest with P(X > k) ≤ risk/2.
 */
export function binomialBounds(n: number, p: number, risk: number = DEFAULT_RISK): Bounds {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialBounds: n must be a count, not ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialBounds: p must be a probability, not ${p}`);
  if (!(risk > 0 && risk < 1)) throw new RangeError(`binomialBounds: risk must be in (0, 1), not ${risk}`);
  if (p === 0) return { low: 0, high: 0 };
  if (p === 1) return { low: n, high: n };
  const half = risk / 2;
  let below = 0; // P(X < low)
  let low = 0;
  while (low < n) {
    const next = below + pmf(n, p, low);
    if (next > half) break;
    below = next;
    low++;
  }
  let above = 0; // P(X > high)
  let high = n;
  while (high > 0) {
    const next = above + pmf(n, p, high);
    if (next > half) break;
    above = next;
    high--;
  }
  return { low, high };
}

/**
 * The counts a Poisson(mean) falls outside of with probability at most `risk`: the number of
 * samples a sampler at `rate` per second takes in `seconds` (its intervals are exponential) has
 * mean = rate × seconds. A starved sampler takes fewer, never more: use `high` for an upper bound.
 */
export function poissonBounds(mean: number, risk: number = DEFAULT_RISK): Bounds {
  if (!(mean >= 0 && Number.isFinite(mean))) throw new RangeError(`poissonBounds: mean must be ≥ 0, not ${mean}`);
  if (!(risk > 0 && risk < 1)) throw new RangeError(`poissonBounds: risk must be in (0, 1), not ${risk}`);
  if (mean === 0) return { low: 0, high: 0 };
  const half = risk / 2;
  const pmf = (k: number) => Math.exp(k * Math.log(mean) - mean - logGamma(k + 1));
  let below = 0;
  let low = 0;
  for (;;) {
    const next = below + pmf(low);
    if (next > half) break;
    below = next;
    low++;
  }
  // P(X > high) ≤ risk/2: walk up from the mean until the mass left above is small enough
  let high = Math.floor(mean);
  let cdf = 0;
  for (let k = 0; k <= high; k++) cdf += pmf(k);
  while (1 - cdf > half && pmf(high + 1) > 0) cdf += pmf(++high);
  return { low, high };
}

/** binomialBounds as shares of the n samples (0–1); for n = 0, the whole range. */
export function shareBounds(n: number, p: number, risk: number = DEFAULT_RISK): Bounds {
  if (n === 0) return { low: 0, high: 1 };
  const b = binomialBounds(n, p, risk);
  return { low: b.low / n, high: b.high / n };
}

/**
 * Checks `count` of `n` samples against a share `p` the target measured itself; returns undefined
 * when it is inside the bounds, else one line that says what was compared (for a test's failures).
 */
export function outsideBinomial(what: string, count: number, n: number, p: number, risk: number = DEFAULT_RISK): string | undefined {
  const b = binomialBounds(n, p, risk);
  if (count >= b.low && count <= b.high) return undefined;
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  return `${what}: ${count} of ${n} samples (${pct(n ? count / n : 0)}), expected ${b.low}–${b.high} (${pct(b.low / n)}–${pct(b.high / n)}) for a share of ${pct(p)} at risk ${risk}`;
}

/**
 * How many independent samples a series of samples is worth, from its own lag-1 autocorrelation ρ:
 * n·(1−ρ)/(1+ρ), the variance inflation of a mean of an AR(1) series (ρ ≤ 0 counts as independent:
 * the whole n). `inFunction` holds one entry per sample, in time order: whether it is in the function
 * whose share is compared. A quiet machine gives ρ ≈ 0; one that keeps the target waiting for a CPU
 * for many sampling intervals gives long runs of equal samples, ρ near 1, and few effective samples.
 */
export function effectiveSamples(inFunction: readonly boolean[]): number {
  const n = inFunction.length;
  if (n < 3) return n;
  const mean = inFunction.reduce((k, x) => k + (x ? 1 : 0), 0) / n;
  let variance = 0;
  let lagged = 0;
  for (let i = 0; i < n; i++) {
    const d = (inFunction[i] ? 1 : 0) - mean;
    variance += d * d;
    if (i + 1 < n) lagged += d * ((inFunction[i + 1] ? 1 : 0) - mean);
  }
  if (variance === 0) return n;
  const rho = Math.min(lagged / variance, 0.999);
  return rho <= 0 ? n : (n * (1 - rho)) / (1 + rho);
}

/**
 * outsideBinomial for samples in time order (`inFunction`, as for effectiveSamples): the count and
 * the total are scaled to the effective number of samples, so clustered samples get the wider bounds
 * their dependence calls for, and independent ones the plain binomial bounds.
 */
export function outsideBinomialSeries(what: string, inFunction: readonly boolean[], p: number, risk: number = DEFAULT_RISK): string | undefined {
  const n = inFunction.length;
  const count = inFunction.filter((x) => x).length;
  const worth = Math.max(1, Math.round(effectiveSamples(inFunction)));
  const scaled = Math.round((count * worth) / Math.max(1, n));
  const off = outsideBinomial(what, scaled, worth, p, risk);
  return off === undefined ? undefined : `${off} (${count} of ${n} samples in time order, worth ${worth} independent ones)`;
}
