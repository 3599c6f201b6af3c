/** The analytics engine's forecaster: the `Forecast` contract's implementation. */
import type { Forecast } from '../contracts';
import { DEFAULT_LEVELS, gaussianIntervals } from './prediction-intervals';
import { validateForecastInput } from './validate-forecast-input';

/**
 * Point forecasts and prediction intervals for one series (first version: seasonal naive,
 * Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., §5.2 and §5.5).
 * The forecast repeats the last observed season; the h-step standard deviation is
 * `sigma · sqrt(k + 1)` with `k = floor((h - 1) / m)` the number of whole seasons ahead and
 * `sigma` the RMS of the in-sample seasonal differences.
 */
export const forecast: Forecast = (values, options) => {
  validateForecastInput(values, options);
  const n = values.length;
  const requested = options.period ?? 1;
  const period = requested > 1 && n > requested ? requested : 1;
  const mean: number[] = [];
  for (let h = 0; h < options.horizon; h++) {
    mean.push(values[n - period + (h % period)] ?? 0);
  }
  let sum = 0;
  for (let t = period; t < n; t++) {
    const e = (values[t] ?? 0) - (values[t - period] ?? 0);
    sum += e * e;
  }
  const sigma = Math.sqrt(sum / (n - period));
  const sd = mean.map((_, h) => sigma * Math.sqrt(Math.floor(h / period) + 1));
  return {
    method: period > 1 ? 'snaive' : 'naive',
    period,
    seasonal: period > 1,
    mean,
    intervals: gaussianIntervals(mean, sd, options.levels ?? DEFAULT_LEVELS),
  };
};
