/** Two-sided quantiles of Student's t distribution, by bisection on its tail probability. */
import { studentTTwoSidedPValue } from '../summarize/student-t';

/**
 * The t with P(|T| ≤ t) = `coverage` for `df` degrees of freedom (e.g. 0.95 and 5 → 2.5706).
 * Bisection to 1e-10 relative: 60 evaluations of the incomplete beta, cheap beside a forecast.
 */
export function studentTQuantile(coverage: number, df: number): number {
  const key = `${coverage} ${df}`;
  const known = computed.get(key);
  if (known !== undefined) return known;
  if (computed.size >= MAX_REMEMBERED) computed.clear();
  const t = bisectQuantile(coverage, df);
  computed.set(key, t);
  return t;
}

/**
 * Quantiles already computed, by coverage and degrees of freedom. Why: the forecaster asks for the
 * same few (two levels, degrees of freedom fixed by the number of origins and steps) for every
 * series, and each bisection costs about 1.5% of a short series' forecast.
 */
const computed = new Map<string, number>();

/** Bound on {@link computed}, so a long-lived process asking for ever new pairs keeps a small cache. */
const MAX_REMEMBERED = 1024;

function bisectQuantile(coverage: number, df: number): number {
  const tail = 1 - coverage;
  let lo = 0;
  let hi = 1;
  while (studentTTwoSidedPValue(hi, df) > tail && hi < 1e6) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-10 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTTwoSidedPValue(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
