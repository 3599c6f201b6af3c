/** Scores a forecaster over a set of series against held-out values: sMAPE, MASE, MAPE, interval coverage and MSIS. */
import type { PredictionInterval } from '../../../shared/domain/analytics/contracts';
import { definedProps } from '../../../shared/domain/defined-props';
import { mase, msis, smape } from '../m4/m4-metrics';
import type { M4Series } from '../m4/parse-m4-csv';

/** A point forecast, with prediction intervals when the method gives them. */
export interface EvaluatedForecast {
  readonly mean: readonly number[];
  readonly intervals?: readonly PredictionInterval[];
}

/** A method under evaluation: in-sample values, horizon and the data's seasonal period give its forecast. */
export type SeriesForecaster = (
  values: readonly number[],
  horizon: number,
  period: number,
) => EvaluatedForecast;

/** Averages over the series (each series' measure is itself averaged over the horizon). */
export interface ForecastScores {
  readonly smape: number;
  readonly mase: number;
  readonly mape: number;
  /** Share of held-out values inside the interval, per level (percent), over every series and step. */
  readonly coverage: ReadonlyMap<number, number>;
  /** M4's mean scaled interval score of the 95% interval, when the method gives one. */
  readonly msis?: number;
  readonly series: number;
  readonly milliseconds: number;
}

/**
 * Mean absolute percentage error in percent, 100/h · Σ |y − ŷ| / |y| (the Tourism competition's
 * measure, Athanasopoulos et al. 2011 §3); steps whose actual is zero are left out.
 */
export function mape(actual: readonly number[], forecast: readonly number[]): number {
  let s = 0;
  let steps = 0;
  actual.forEach((y, i) => {
    if (y === 0) return;
    s += Math.abs(y - (forecast[i] ?? Number.NaN)) / Math.abs(y);
    steps++;
  });
  return steps === 0 ? 0 : (100 * s) / steps;
}

/**
 * Forecasts every training series at `horizon` and averages the measures over the series. MASE
 * (and MSIS) scale by the in-sample seasonal naive error at `period`, as both M4 and the Tourism
 * competition define them.
 */
export function scoreForecasts(
  train: readonly M4Series[],
  test: readonly M4Series[],
  method: SeriesForecaster,
  horizon: number,
  period: number,
  now: () => number = () => 0,
): ForecastScores {
  const started = now();
  let totalSmape = 0;
  let totalMase = 0;
  let totalMape = 0;
  let totalMsis = 0;
  let withMsis = 0;
  let steps = 0;
  const inside = new Map<number, number>();
  train.forEach((series, i) => {
    const actual = test[i]?.values ?? [];
    const result = method(series.values, horizon, period);
    totalSmape += smape(actual, result.mean);
    totalMase += mase(series.values, actual, result.mean, period);
    totalMape += mape(actual, result.mean);
    steps += actual.length;
    for (const interval of result.intervals ?? []) {
      const hits = actual.filter(
        (y, h) => y >= (interval.lower[h] ?? Number.NaN) && y <= (interval.upper[h] ?? Number.NaN),
      ).length;
      inside.set(interval.level, (inside.get(interval.level) ?? 0) + hits);
      if (interval.level === 95) {
        totalMsis += msis(series.values, actual, interval.lower, interval.upper, period);
        withMsis++;
      }
    }
  });
  const count = train.length;
  return {
    smape: totalSmape / count,
    mase: totalMase / count,
    mape: totalMape / count,
    coverage: new Map([...inside].map(([level, hits]) => [level, hits / steps])),
    ...definedProps({ msis: withMsis > 0 ? totalMsis / withMsis : undefined }),
    series: count,
    milliseconds: now() - started,
  };
}
