/** Turns a point forecast and per-step standard deviations into symmetric Gaussian prediction intervals. */
import type { PredictionInterval } from '../contracts';
import { normalQuantile } from './normal-quantile';

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
