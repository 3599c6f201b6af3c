/** Turns a point forecast and per-step standard deviations into symmetric Gaussian prediction intervals. */
import type { PredictionInterval } from '../contracts';
import { normalQuantile } from './normal-quantile';
import { studentTQuantile } from './student-t-quantile';

/** Coverage levels (percent) returned when the caller asks for none. */
export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/**
 * Gaussian intervals `mean ± z_{(1+level)/2} · sd[h]` for each level, sorted ascending by level so
 * wider intervals come last. Why Gaussian: forecast errors of the exponential-smoothing family are
 * approximately normal with variance growing with the step (Hyndman et al. 2008, ch. 6).
 */
export function gaussianIntervals(
  mean: readonly number[],
  sd: readonly number[],
  levels: readonly number[] = DEFAULT_LEVELS,
): PredictionInterval[] {
  return [...levels]
    .sort((a, b) => a - b)
    .map((level) => {
      const z = normalQuantile(0.5 + level / 200);
      return {
        level,
        lower: mean.map((m, h) => m - z * (sd[h] ?? 0)),
        upper: mean.map((m, h) => m + z * (sd[h] ?? 0)),
      };
    });
}

/** Fewest standardised errors for which their empirical quantiles are trusted. */
export const MIN_EMPIRICAL_ERRORS = 30;

/** Up to this many degrees of freedom behind `sd`, the t quantile replaces the Gaussian one (beyond, they differ by < 3%). */
export const MAX_T_DEGREES_OF_FREEDOM = 30;

/**
 * Like {@link gaussianIntervals}, but each level's multiplier is the larger of the Gaussian
 * quantile (Student's t at `degreesOfFreedom` when `sd` rests on only a few errors, the textbook
 * allowance for an estimated variance) and the empirical quantile of |e/sd| over out-of-sample errors, when there are at
 * least {@link MIN_EMPIRICAL_ERRORS} of them. Why: forecast errors have heavier tails than the
 * normal, so Gaussian 95% intervals under-cover (Makridakis et al. 2020 found most M4 methods'
 * intervals too narrow); the empirical quantile widens them where the series' own errors say so.
 */
export function calibratedIntervals(
  mean: readonly number[],
  sd: readonly number[],
  levels: readonly number[],
  standardisedErrors: readonly number[],
  degreesOfFreedom = Number.POSITIVE_INFINITY,
): PredictionInterval[] {
  const sorted = standardisedErrors.map(Math.abs).sort((a, b) => a - b);
  return [...levels]
    .sort((a, b) => a - b)
    .map((level) => {
      let z =
        degreesOfFreedom <= MAX_T_DEGREES_OF_FREEDOM
          ? studentTQuantile(level / 100, Math.max(1, degreesOfFreedom))
          : normalQuantile(0.5 + level / 200);
      if (sorted.length >= MIN_EMPIRICAL_ERRORS) {
        const rank = Math.min(sorted.length - 1, Math.ceil((level / 100) * sorted.length) - 1);
        z = Math.max(z, sorted[Math.max(0, rank)] ?? 0);
      }
      return {
        level,
        lower: mean.map((m, h) => m - z * (sd[h] ?? 0)),
        upper: mean.map((m, h) => m + z * (sd[h] ?? 0)),
      };
    });
}
