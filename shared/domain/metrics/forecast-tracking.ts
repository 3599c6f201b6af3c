/**
 * Use case: keep score of the forecaster on watched series. Each time the scorer moves a series
 * on, the forecasts made for the intervals it just scored are settled against their actual
 * values, and a forecast of the next interval is made from the history before it and kept. The
 * scorer keeps that history in the detector's checkpoint, so a run forecasts without reading it.
 */
import type { AnomalyStore, RecentValue, WatchedSeries } from '../../ports/anomaly-store';
import type { ModelEndpoint } from '../../ports/model-endpoint';
import type { ModelMonitorStore } from '../../ports/model-monitor-store';
import type { ForecastResult } from '../analytics/contracts';
import { metricSeries, type SeriesDeps } from './metric-series';
import { forecastOutcome } from './model-accuracy';
import { type Interval, intervalSeconds, nextBucketStart } from './time-buckets';

/**
 * History the forecaster sees, in intervals: two hours of minutes, a day of 5-minute intervals,
 * two weeks of hours (two weekly cycles) and a year of days.
 */
export const forecastHistory: Readonly<Record<Interval, number>> = {
  '1m': 120,
  '5m': 288,
  '1h': 336,
  '1d': 365,
};
/** Fewer points than the forecaster needs for a band: no forecast is made. */
const minHistory = 10;

export interface TrackingDeps extends SeriesDeps {
  readonly endpoint: ModelEndpoint;
  readonly anomalies: Pick<AnomalyStore, 'scores'>;
  readonly monitor: Pick<ModelMonitorStore, 'record' | 'pending' | 'settle'>;
}

/** Settles the series' forecasts of the intervals just scored (interval start ISO → actual value). */
export async function settleForecasts(
  series: WatchedSeries,
  actuals: readonly { readonly t: string; readonly value: number }[],
  deps: Pick<TrackingDeps, 'monitor'>,
): Promise<number> {
  const first = actuals[0]?.t;
  const last = actuals.at(-1)?.t;
  if (!first || !last) return 0;
  const byStart = new Map(actuals.map((a) => [Date.parse(a.t), a.value]));
  const pending = await deps.monitor.pending(
    series,
    first,
    new Date(nextBucketStart(Date.parse(last) / 1000, series.interval, 'UTC') * 1000).toISOString(),
  );
  const outcomes = pending.flatMap((f) => {
    const actual = byStart.get(Date.parse(f.t));
    return actual === undefined ? [] : [forecastOutcome(f, actual)];
  });
  await deps.monitor.settle(series, outcomes);
  return outcomes.length;
}

/** The valued intervals of `values` in the forecaster's window before `next` (epoch seconds), oldest first. */
export function forecastWindow(
  values: readonly RecentValue[],
  interval: Interval,
  next: number,
): RecentValue[] {
  const from = next - forecastHistory[interval] * intervalSeconds[interval];
  return values.filter(([t]) => t >= from && t < next);
}

/**
 * The series' valued intervals in the forecaster's window before `next` (epoch seconds), read
 * back: the values the scorer stored, or the series itself while too few are stored. Only for
 * checkpoints that do not keep them (written before they did).
 */
export async function historyBefore(
  series: WatchedSeries,
  next: number,
  deps: Pick<TrackingDeps, 'anomalies'> & SeriesDeps,
): Promise<RecentValue[]> {
  const span = forecastHistory[series.interval];
  const from = new Date((next - span * intervalSeconds[series.interval]) * 1000).toISOString();
  const to = new Date(next * 1000).toISOString();
  const stored = await deps.anomalies.scores(series, from, to);
  if (stored.length >= span / 2) return stored.map((s) => [Date.parse(s.t) / 1000, s.value]);
  const { points } = await metricSeries(
    series.tenantId,
    series.metricId,
    { from, to, interval: series.interval, tz: 'UTC' },
    deps,
  );
  return points.flatMap((p) => (p.value === null ? [] : [[Date.parse(p.t) / 1000, p.value] as const]));
}

/**
 * Forecasts the interval after `last` (ISO start) from `history` (the values of the window
 * before it, oldest first) and keeps it; false when there is too little history.
 */
export async function forecastNext(
  series: WatchedSeries,
  last: string,
  history: readonly number[],
  deps: Pick<TrackingDeps, 'endpoint' | 'monitor'>,
): Promise<boolean> {
  const next = nextBucketStart(Date.parse(last) / 1000, series.interval, 'UTC');
  if (history.length < minHistory) return false;
  const invocation = await deps.endpoint.invoke(
    {
      operation: 'forecast',
      options: { horizon: 1, levels: [80, 95] },
      series: [{ id: series.metricId, values: [...history] }],
    },
    { tenantId: series.tenantId, inferenceId: `forecast:${series.metricId}:${series.interval}:${next}` },
  );
  const [outcome] = invocation.response.results;
  if (!outcome || outcome.status === 'error') return false;
  const result = outcome.result as ForecastResult;
  const band = (level: number) => result.intervals.find((i) => i.level === level);
  const mean = result.mean[0];
  const [lower80, upper80] = [band(80)?.lower[0], band(80)?.upper[0]];
  const [lower95, upper95] = [band(95)?.lower[0], band(95)?.upper[0]];
  if (
    mean === undefined ||
    lower80 === undefined ||
    upper80 === undefined ||
    lower95 === undefined ||
    upper95 === undefined
  )
    return false;
  await deps.monitor.record(series, {
    t: new Date(next * 1000).toISOString(),
    mean,
    lower80,
    upper80,
    lower95,
    upper95,
    model: invocation.model,
    variant: invocation.variant,
  });
  return true;
}
