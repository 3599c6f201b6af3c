/** The reference forecasters Nexus is scored against side by side: seasonal naive, Theta and ETS, reimplemented. */
import {
  etsForecast,
  fitEts,
  type TrendKind,
} from '../../../shared/domain/analytics/forecast/exponential-smoothing';
import { M4_BENCHMARKS } from '../m4/m4-benchmarks';
import { withM4Seasonality } from '../m4/naive2';
import type { SeriesForecaster } from './score-forecasts';

const TRENDS: readonly TrendKind[] = ['none', 'additive', 'damped'];

/** Point-only forecaster from an M4-style benchmark. */
function pointOnly(name: string): SeriesForecaster {
  const method = M4_BENCHMARKS[name];
  if (!method) throw new Error(`no M4 benchmark ${name}`);
  return (values, horizon, period) => ({ mean: method(values, horizon, period) });
}

/**
 * - sNaive: the last cycle repeated (naive when the period is 1), the Tourism competition's yardstick;
 * - Theta: the M4 benchmark (classical multiplicative decomposition when M4's 90% test finds
 *   seasonality, Theta on the adjusted series, reseasonalised);
 * - ETS: the same seasonal adjustment, then the additive-error ETS with no, linear or damped trend
 *   of smallest AICc (Hyndman et al. 2008's selection, over the non-seasonal models).
 */
export const FORECAST_REFERENCES: Readonly<Record<string, SeriesForecaster>> = {
  sNaive: pointOnly('sNaive'),
  Theta: pointOnly('Theta'),
  ETS: (values, horizon, period) => ({
    mean: withM4Seasonality(values, horizon, period, (x, k) => {
      const fits = TRENDS.map((t) => fitEts(x, t));
      const best = fits.reduce((a, b) => (b.aicc < a.aicc ? b : a));
      return etsForecast(best, k);
    }),
  }),
};
