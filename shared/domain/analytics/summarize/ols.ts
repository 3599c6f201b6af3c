/** Ordinary least-squares line through a series at steps 0, 1, 2, … with a t test of its slope. */
import { studentTTwoSidedPValue } from './student-t';

/** Slope per step, its standard error, t statistic (null when the line fits exactly) and two-sided p-value. */
export interface OlsTrend {
  readonly slope: number;
  readonly intercept: number;
  readonly standardError: number;
  readonly tStatistic: number | null;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
}

/**
 * Fits y = a + b·t by least squares with t = 0..n−1 (Sxx = n(n²−1)/12), estimates the residual
 * variance with n − 2 degrees of freedom and tests b = 0 against Student's t. When the residuals
 * are all zero the t statistic is undefined (null) and the p-value is 0 for a sloped line, 1 for a flat one.
 */
export function olsTrend(values: readonly number[], mean: number): OlsTrend {
  const n = values.length;
  const tMean = (n - 1) / 2;
  const sxx = (n * (n * n - 1)) / 12;
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (i - tMean) * ((values[i] as number) - mean);
  const slope = sxy / sxx;
  const intercept = mean - slope * tMean;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = (values[i] as number) - mean - slope * (i - tMean);
    sse += r * r;
  }
  const df = n - 2;
  const standardError = Math.sqrt(sse / df / sxx);
  if (standardError === 0) {
    return {
      slope,
      intercept,
      standardError,
      tStatistic: null,
      degreesOfFreedom: df,
      pValue: slope === 0 ? 1 : 0,
    };
  }
  const t = slope / standardError;
  return {
    slope,
    intercept,
    standardError,
    tStatistic: t,
    degreesOfFreedom: df,
    pValue: studentTTwoSidedPValue(t, df),
  };
}
