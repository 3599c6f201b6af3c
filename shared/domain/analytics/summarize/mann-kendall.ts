/** The Mann–Kendall test for a monotonic trend, with the variance corrected for ties. */
import { normalTwoSidedPValue } from './normal';
import { countDescents } from './pair-order';

/** Mann–Kendall statistic S, its tie-corrected variance, the continuity-corrected z and its two-sided p-value. */
export interface MannKendallResult {
  readonly s: number;
  readonly variance: number;
  readonly z: number;
  readonly pValue: number;
}

/**
 * Mann (1945) and Kendall (1975): S = Σ_{i<j} sign(y_j − y_i), computed in O(n log n) as
 * (pairs − tied pairs − 2·descending pairs), with Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18 over the
 * groups of t tied values, and z = (S − sign(S))/√Var(S) compared with the standard normal.
 * Assumes independent observations: autocorrelated or seasonal series make it too eager.
 */
export function mannKendall(values: readonly number[], sorted: Float64Array): MannKendallResult {
  const n = values.length;
  const pairs = (n * (n - 1)) / 2;
  let tiedPairs = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    const t = end - start;
    if (t > 1) {
      tiedPairs += (t * (t - 1)) / 2;
      tieTerm += t * (t - 1) * (2 * t + 5);
    }
    start = end;
  }
  const descending = countDescents(Float64Array.from(values), true);
  const s = pairs - tiedPairs - 2 * descending;
  const variance = Math.max(0, (n * (n - 1) * (2 * n + 5) - tieTerm) / 18);
  const z = variance > 0 && s !== 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;
  return { s, variance, z, pValue: normalTwoSidedPValue(z) };
}
