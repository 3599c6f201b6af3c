/** The Theta method: half linear trend, half simple exponential smoothing of the doubled-curvature line. */
import { type EtsFit, etsForecast, fitEts, fitEtsPair } from './exponential-smoothing';

/** Ordinary least-squares line y ≈ a + b·t over t = 1..n. */
export function linearTrend(y: readonly number[]): { intercept: number; slope: number } {
  const n = y.length;
  const tMean = (n + 1) / 2;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let sty = 0;
  let stt = 0;
  // Plain loops: accumulators a closure captured would be boxed on every update.
  for (let i = 0; i < n; i++) {
    const dt = i + 1 - tMean;
    sty += dt * ((y[i] as number) - yMean);
    stt += dt * dt;
  }
  const slope = stt > 0 ? sty / stt : 0;
  return { intercept: yMean - slope * tMean, slope };
}

/**
 * The classic Theta method (Assimakopoulos & Nikolopoulos 2000, "The theta model: a decomposition
 * approach to forecasting"), as the M4 benchmark code implements it: the theta-0 line is the
 * least-squares linear trend, the theta-2 line is 2y − trend; the forecast is the equal-weight mean
 * of the extrapolated trend and SES of the theta-2 line. Hyndman & Billah (2003, "Unmasking the
 * Theta method") show this equals SES with drift of half the trend slope. Non-seasonal: callers
 * deseasonalise first.
 */
export function thetaForecast(y: readonly number[], horizon: number): number[] {
  const { intercept, slope } = linearTrend(y);
  return combined(y.length, intercept, slope, fitEts(thetaLine(y, intercept, slope), 'none'), horizon);
}

/** {@link thetaForecast} of two series, their SES fits run together ({@link fitEtsPair}). */
export function thetaForecastPair(
  a: readonly number[],
  b: readonly number[],
  horizon: number,
): [number[], number[]] {
  const trendA = linearTrend(a);
  const trendB = linearTrend(b);
  const [fitA, fitB] = fitEtsPair(
    thetaLine(a, trendA.intercept, trendA.slope),
    thetaLine(b, trendB.intercept, trendB.slope),
    'none',
  );
  return [
    combined(a.length, trendA.intercept, trendA.slope, fitA, horizon),
    combined(b.length, trendB.intercept, trendB.slope, fitB, horizon),
  ];
}

/** The theta-2 line, 2y − trend. */
function thetaLine(y: readonly number[], intercept: number, slope: number): number[] {
  return y.map((v, i) => 2 * v - (intercept + slope * (i + 1)));
}

/** The mean of the SES forecast of the theta-2 line and the extrapolated trend of n observations. */
function combined(n: number, intercept: number, slope: number, ses: EtsFit, horizon: number): number[] {
  return etsForecast(ses, horizon).map((s, h) => 0.5 * s + 0.5 * (intercept + slope * (n + h + 1)));
}
