/** The diff's noise threshold (no imports: the diff page bundles this). */

/**
 * How many standard errors a change of share must exceed to count. Sampling a steady program gives
 * a binomial count per frame: its share p over N samples has variance p(1-p)/N, so the difference of
 * two shares has standard error sqrt(p(1-p)(1/N1 + 1/N2)) (p pooled). 4 standard errors keep a
 * profile of a few hundred frames free of false alarms.
 */
export const NOISE_Z = 4;

/** Whether a change from a of baseN to b of newN samples exceeds the noise threshold. */
export function significant(a: number, baseN: number, b: number, newN: number, z = NOISE_Z): boolean {
  if (baseN <= 0 || newN <= 0) return false;
  const p = (a + b) / (baseN + newN);
  const se = Math.sqrt(p * (1 - p) * (1 / baseN + 1 / newN));
  return Math.abs(b / newN - a / baseN) > z * se;
}
