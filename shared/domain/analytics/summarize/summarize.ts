/** The analytics engine's `summarize` operation: descriptive statistics, trend, seasonality and change points of one numeric series. */
import { type ChangePointSummary, changePointsOf } from './change-points';
import { type DescriptiveStatistics, describe } from './descriptive';
import { type SeasonalitySummary, seasonalityOf } from './seasonality';
import { type TrendSummary, trendOf } from './trend';
import { validateSummarizeInput } from './validate';

export type { ChangePoint, ChangePointSummary } from './change-points';
export type { DescriptiveStatistics } from './descriptive';
export type { MannKendallResult } from './mann-kendall';
export type { OlsTrend } from './ols';
export type { SeasonalitySummary } from './seasonality';
export type { TrendSummary } from './trend';
export { MAX_ABS_VALUE, MAX_VALUES, MIN_VALUES } from './validate';

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /**
   * Seasonal period in steps (an integer of at least 2), when the caller knows it (12 for monthly data).
   * @default detected from the autocorrelation function
   */
  readonly period?: number | undefined;
}

/** What {@link summarize} returns: plain readonly data with no NaN or Infinity, so it serialises to JSON as is. */
export interface SeriesSummary extends DescriptiveStatistics {
  readonly trend: TrendSummary;
  readonly seasonality: SeasonalitySummary;
  readonly changePoints: ChangePointSummary;
}

/**
 * Summarises one numeric series (values at equally spaced steps, oldest first) so a dashboard or a
 * report can say in one call how it is distributed, where it is heading, whether it repeats and
 * where its level shifted. Throws a `ValidationError` (paths like `values[3]`, `options.period`)
 * for fewer than 3 or more than 1,000,000 values, a non-finite value or one beyond ±1e100, or a bad period.
 */
export function summarize(values: readonly number[], options?: SummarizeOptions): SeriesSummary {
  validateSummarizeInput(values, options?.period);
  const sorted = Float64Array.from(values).sort();
  const descriptive = describe(values, sorted);
  const trend = trendOf(values, descriptive.mean, sorted);
  const seasonality = seasonalityOf(values, descriptive.mean, trend.ols, options?.period);
  return { ...descriptive, trend, seasonality, changePoints: changePointsOf(values, descriptive.mean) };
}
