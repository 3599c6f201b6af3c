/** Naive2, the M4 competition's yardstick: a naive forecast of the seasonally adjusted series. */

import {
  classicalDecomposition,
  deseasonalise,
  reseasonalise,
  type SeasonalIndices,
} from '../../../shared/domain/analytics/forecast/classical-decomposition';
import { isSeasonal } from '../../../shared/domain/analytics/forecast/seasonality-test';

/**
 * The M4 benchmarks' seasonality test exactly as their R code runs it: Bartlett's 90% limit at
 * lag m on at least three periods, and `acf()`'s default lag limit floor(10·log10(n)), beyond
 * which R yields NA and the series counts as non-seasonal.
 */
export function m4SeasonalityTest(values: readonly number[], period: number): boolean {
  if (period > Math.floor(10 * Math.log10(values.length))) return false;
  return isSeasonal(values, period);
}

/** The seasonal indices M4's benchmarks would use, or `undefined` when the test finds none. */
export function m4SeasonalIndices(values: readonly number[], period: number): SeasonalIndices | undefined {
  return m4SeasonalityTest(values, period) ? classicalDecomposition(values, period, true) : undefined;
}

/**
 * Applies a non-seasonal method to the M4-deseasonalised series and reseasonalises its forecast,
 * as the M4 benchmarks do for Naive2, SES, Holt, Damped and Theta (Makridakis et al. 2020, §2.3).
 */
export function withM4Seasonality(
  values: readonly number[],
  horizon: number,
  period: number,
  method: (adjusted: readonly number[], horizon: number) => number[],
): number[] {
  const indices = m4SeasonalIndices(values, period);
  if (!indices) return method(values, horizon);
  return reseasonalise(method(deseasonalise(values, indices), horizon), values.length, indices);
}

/**
 * Naive2 (Makridakis et al. 2020, §2.3; the M4 guide): when the series passes the 90%
 * autocorrelation test at period m, divide out the classical multiplicative seasonal indices,
 * repeat the last adjusted value, and multiply the indices back in; otherwise plain naive.
 */
export function naive2(values: readonly number[], horizon: number, period: number): number[] {
  return withM4Seasonality(values, horizon, period, (adjusted, h) =>
    new Array<number>(h).fill(adjusted[adjusted.length - 1] ?? 0),
  );
}
