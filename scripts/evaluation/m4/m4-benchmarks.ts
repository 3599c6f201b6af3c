/** The M4 competition's statistical benchmarks (sNaive, Naive2, SES, Holt, Damped, Theta, Comb), reimplemented. */
import { etsForecast, fitEts } from '../../../shared/domain/analytics/forecast/exponential-smoothing';
import { thetaForecast } from '../../../shared/domain/analytics/forecast/theta';
import { naive2, withM4Seasonality } from './naive2';

/** A method under evaluation: the in-sample values, the horizon and M4's period give the point forecast. */
export type PointForecaster = (values: readonly number[], horizon: number, period: number) => number[];

/** Seasonal naive: repeat the last full period (plain naive when the period is 1). */
export const seasonalNaive: PointForecaster = (values, horizon, period) => {
  const n = values.length;
  const m = period >= 1 && n >= period ? period : 1;
  return Array.from({ length: horizon }, (_, h) => values[n - m + (h % m)] ?? 0);
};

/**
 * The M4 benchmarks as the competition's R code defines them (Makridakis et al. 2020, §2.3): each
 * runs on the series deseasonalised by classical multiplicative decomposition when the 90%
 * autocorrelation test finds seasonality, and is reseasonalised. Comb is the mean of SES, Holt
 * and Damped.
 */
export const M4_BENCHMARKS: Readonly<Record<string, PointForecaster>> = {
  Naive2: naive2,
  sNaive: seasonalNaive,
  SES: (v, h, m) => withM4Seasonality(v, h, m, (x, k) => etsForecast(fitEts(x, 'none'), k)),
  Holt: (v, h, m) => withM4Seasonality(v, h, m, (x, k) => etsForecast(fitEts(x, 'additive'), k)),
  Damped: (v, h, m) => withM4Seasonality(v, h, m, (x, k) => etsForecast(fitEts(x, 'damped'), k)),
  Theta: (v, h, m) => withM4Seasonality(v, h, m, (x, k) => thetaForecast(x, k)),
  Com: (v, h, m) =>
    withM4Seasonality(v, h, m, (x, k) => {
      const a = etsForecast(fitEts(x, 'none'), k);
      const b = etsForecast(fitEts(x, 'additive'), k);
      const c = etsForecast(fitEts(x, 'damped'), k);
      return a.map((ai, i) => (ai + (b[i] ?? 0) + (c[i] ?? 0)) / 3);
    }),
};
