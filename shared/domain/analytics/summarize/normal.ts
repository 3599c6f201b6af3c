/** Two-sided p-values of the standard normal distribution. */
import { regularizedGammaQ } from './special-functions';

/**
 * P(|Z| ≥ |z|) for Z ~ N(0, 1), i.e. erfc(|z|/√2), computed as the regularised upper incomplete
 * gamma function Q(1/2, z²/2) (Abramowitz & Stegun 7.1.2 with 6.5.17; Numerical Recipes §6.2).
 */
export function normalTwoSidedPValue(z: number): number {
  if (!Number.isFinite(z)) return 0;
  return Math.min(1, Math.max(0, regularizedGammaQ(0.5, (z * z) / 2)));
}
