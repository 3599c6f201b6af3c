/** Trend of one series: a least-squares slope with its t test, and the robust Mann–Kendall test with Sen's slope. */
import { type MannKendallResult, mannKendall } from './mann-kendall';
import { type OlsTrend, olsTrend } from './ols';
import { sensSlope } from './sens-slope';

/** Significance level of {@link TrendSummary.direction}. */
export const TREND_ALPHA = 0.05;

/** Where the series is heading, by two methods, and the verdict at 5%. */
export interface TrendSummary {
  /** Least-squares line with a Student t test of its slope (assumes independent Gaussian errors). */
  readonly ols: OlsTrend;
  /** Mann–Kendall test (rank based: no distributional assumption, robust to outliers). */
  readonly mannKendall: MannKendallResult;
  /** Sen's (1968) slope per step: the median pairwise slope, the robust counterpart of `ols.slope`. */
  readonly sensSlope: number;
  /**
   * 'increasing' or 'decreasing' when the Mann–Kendall test rejects "no trend" at 5% (two-sided),
   * by the sign of S; otherwise 'none'. The rank test decides because one outlier cannot sway it.
   */
  readonly direction: 'increasing' | 'decreasing' | 'none';
}

/** Computes {@link TrendSummary} from the values, their mean and the values sorted ascending. */
export function trendOf(values: readonly number[], mean: number, sorted: Float64Array): TrendSummary {
  const ols = olsTrend(values, mean);
  const mk = mannKendall(values, sorted);
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  const direction = mk.pValue < TREND_ALPHA && mk.s !== 0 ? (mk.s > 0 ? 'increasing' : 'decreasing') : 'none';
  return { ols, mannKendall: mk, sensSlope: sensSlope(values, min, max), direction };
}
