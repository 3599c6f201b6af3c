/** Scores a point forecaster over a set of M4 series against their test values. */

import { definedProps } from '../../../shared/domain/defined-props';
import type { PointForecaster } from './m4-benchmarks';
import { mase, owa, smape } from './m4-metrics';
import type { M4Series } from './parse-m4-csv';

/** Average sMAPE and MASE over the series, plus OWA when Naive2's totals are given. */
export interface M4Evaluation {
  readonly smape: number;
  readonly mase: number;
  readonly owa?: number;
  readonly series: number;
  readonly milliseconds: number;
}

/**
 * Forecasts every training series at `horizon` and averages sMAPE and MASE (at M4's `period`)
 * against the test values, as the competition does; negative forecasts are kept (M4's own code
 * does not clip them for these benchmarks).
 */
export function scoreM4(
  train: readonly M4Series[],
  test: readonly M4Series[],
  method: PointForecaster,
  horizon: number,
  period: number,
  naive2Totals?: { smape: number; mase: number },
  now: () => number = () => 0,
): M4Evaluation {
  const started = now();
  let totalSmape = 0;
  let totalMase = 0;
  train.forEach((series, i) => {
    const actual = test[i]?.values ?? [];
    const forecast = method(series.values, horizon, period);
    totalSmape += smape(actual, forecast);
    totalMase += mase(series.values, actual, forecast, period);
  });
  const scores = { smape: totalSmape / train.length, mase: totalMase / train.length };
  return {
    ...scores,
    ...definedProps({ owa: naive2Totals && owa(scores, naive2Totals) }),
    series: train.length,
    milliseconds: now() - started,
  };
}
