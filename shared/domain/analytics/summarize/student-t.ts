/** Two-sided p-values of Student's t distribution. */
import { regularizedIncompleteBeta } from './special-functions';

/**
 * P(|T| ≥ |t|) for T ~ Student t with `df` degrees of freedom, from the identity
 * P = I_{df/(df + t²)}(df/2, 1/2) (Abramowitz & Stegun 26.7.1 with 26.5.27), where I is the
 * regularised incomplete beta function computed by its continued fraction (Numerical Recipes §6.4).
 */
export function studentTTwoSidedPValue(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  const x = df / (df + t * t);
  return Math.min(1, Math.max(0, regularizedIncompleteBeta(x, df / 2, 0.5)));
}
