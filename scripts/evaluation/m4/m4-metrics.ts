/** The M4 competition's accuracy measures: sMAPE, MASE and the overall weighted average (OWA). */

/**
 * Symmetric MAPE in percent, 200/h · Σ |y − ŷ| / (|y| + |ŷ|) (Makridakis et al. 2020, eq. 1).
 * A step where both are zero counts as zero error (M4 data has no such steps).
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  actual.forEach((y, i) => {
    const f = forecast[i] ?? Number.NaN;
    const d = Math.abs(y) + Math.abs(f);
    s += d === 0 ? 0 : Math.abs(y - f) / d;
  });
  return (200 * s) / actual.length;
}

/**
 * The in-sample mean absolute seasonal difference at period m, MASE's scale (Hyndman & Koehler
 * 2006; M4 uses m = 24 for Hourly and m = 1 for Weekly and Daily).
 */
export function maseScale(insample: readonly number[], period: number): number {
  let s = 0;
  for (let t = period; t < insample.length; t++)
    s += Math.abs((insample[t] ?? 0) - (insample[t - period] ?? 0));
  return s / (insample.length - period);
}

/** Mean absolute scaled error: the forecast's MAE over {@link maseScale} (Makridakis et al. 2020, eq. 2). */
export function mase(
  insample: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  period: number,
): number {
  let s = 0;
  actual.forEach((y, i) => {
    s += Math.abs(y - (forecast[i] ?? Number.NaN));
  });
  return s / actual.length / maseScale(insample, period);
}

/** sMAPE and MASE of one method averaged over a set of series. */
export interface M4Scores {
  readonly smape: number;
  readonly mase: number;
}

/**
 * Overall weighted average: the mean of sMAPE and MASE, each relative to Naive2's, computed on
 * the totals (averages over all series), not per series (Makridakis et al. 2020, §3.2).
 */
export function owa(method: M4Scores, naive2: M4Scores): number {
  return 0.5 * (method.smape / naive2.smape + method.mase / naive2.mase);
}

/**
 * Mean scaled interval score of a (1 − alpha) prediction interval, M4's interval measure
 * (Makridakis et al. 2020, eq. 4; Gneiting & Raftery 2007): the mean over the horizon of the
 * interval width plus 2/alpha times each miss, divided by {@link maseScale}.
 */
export function msis(
  insample: readonly number[],
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  period: number,
  alpha = 0.05,
): number {
  let s = 0;
  actual.forEach((y, i) => {
    const l = lower[i] ?? Number.NaN;
    const u = upper[i] ?? Number.NaN;
    s += u - l + (y < l ? (2 / alpha) * (l - y) : 0) + (y > u ? (2 / alpha) * (y - u) : 0);
  });
  return s / actual.length / maseScale(insample, period);
}
