/**
 * Use case: score the closed intervals of a watched metric series with the anomaly detector
 * behind the model endpoint (SageMaker in AWS, the model server locally). The detector's state
 * is kept per series; when watching starts it is seeded with the series' history, so the first
 * new interval is judged against the past. An interval is closed a grace period after its end,
 * when the lake writer has had time to count it; later (late) data changes the series but the
 * interval is not scored again. The forecaster's history moves on with the state too, so once
 * seeded a run reads only the newly closed intervals (from the rollups while they are in the
 * late-data window), never the history back from the lake.
 */
import * as z from 'zod';
import type {
  AnomalyStore,
  IntervalScore,
  RecentValue,
  StoredAnomaly,
  WatchedSeries,
} from '../../ports/anomaly-store';
import type { ModelEndpoint } from '../../ports/model-endpoint';
import type { ModelMonitorStore } from '../../ports/model-monitor-store';
import type { DetectResult } from '../analytics/contracts';
import { definedProps } from '../defined-props';
import { ValidationError } from '../errors';
import { forecastNext, forecastWindow, historyBefore, settleForecasts } from './forecast-tracking';
import type { MetricDefinition } from './metric-definition';
import { findMetric, metricSeries, type SeriesDeps } from './metric-series';
import { bucketStart, type Interval, nextBucketStart } from './time-buckets';

/** How long after its end an interval counts as closed. */
export const closeGraceSeconds = 30;
/** History a new watch is seeded with, per interval. */
export const seedSpanSeconds: Readonly<Record<Interval, number>> = {
  '1m': 6 * 3600,
  '5m': 2 * 86400,
  '1h': 28 * 86400,
  '1d': 365 * 86400,
};
/** Intervals scored per series and run at most, so a long outage catches up in steps. */
export const maxIntervalsPerRun = 1440;

export interface ScoreDeps extends SeriesDeps {
  readonly endpoint: ModelEndpoint;
  readonly anomalies: AnomalyStore;
  /** Where the forecasts of each series' next interval and their outcomes are kept (model monitoring). */
  readonly monitor: Pick<ModelMonitorStore, 'record' | 'pending' | 'settle'>;
}

export interface ScoreOutcome {
  readonly scored: number;
  readonly flagged: number;
  readonly seeded: boolean;
  /** Forecasts settled against the intervals scored, and whether the next interval was forecast. */
  readonly settled: number;
  readonly forecast: boolean;
}

const nothing: ScoreOutcome = { scored: 0, flagged: 0, seeded: false, settled: 0, forecast: false };

function detectResultOf(response: Awaited<ReturnType<ModelEndpoint['invoke']>>['response']): DetectResult {
  const [outcome] = response.results;
  if (!outcome) throw new Error('the detector returned no result');
  if (outcome.status === 'error')
    throw new Error(`the detector refused the series: ${outcome.error.message}`);
  return outcome.result as DetectResult;
}

/** The series the scorer and the alert rules reading its scores watch: the current version at `interval`. */
export function watchedSeries(metric: MetricDefinition, interval: Interval): WatchedSeries {
  return { tenantId: metric.tenantId, metricId: metric.metricId, version: metric.version, interval };
}

/** Scores every closed interval of one series not scored yet (UTC buckets). */
export async function scoreSeries(
  metric: MetricDefinition,
  interval: Interval,
  deps: ScoreDeps,
): Promise<ScoreOutcome> {
  const series = watchedSeries(metric, interval);
  const now = deps.now().getTime() / 1000;
  // The newest closed interval ends at or before now - grace.
  const closedEnd = bucketStart(now - closeGraceSeconds, interval, 'UTC');
  const checkpoint = await deps.anomalies.checkpoint(series);
  const from = checkpoint
    ? nextBucketStart(Date.parse(checkpoint.lastScored) / 1000, interval, 'UTC')
    : closedEnd - seedSpanSeconds[interval];
  if (from >= closedEnd) return nothing;
  const to = checkpoint ? Math.min(closedEnd, from + maxIntervalsPerRun * stepOf(interval)) : closedEnd;

  const { points } = await metricSeries(
    metric.tenantId,
    metric.metricId,
    { from: new Date(from * 1000).toISOString(), to: new Date(to * 1000).toISOString(), interval, tz: 'UTC' },
    deps,
  );
  const valued = points.flatMap((p) => (p.value === null ? [] : [{ timestamp: p.t, value: p.value }]));
  const last = points.at(-1)?.t;
  if (!last) return nothing;
  if (valued.length === 0) {
    if (checkpoint)
      await deps.anomalies.advance(series, checkpoint.lastScored, { ...checkpoint, lastScored: last }, []);
    return nothing;
  }

  const invocation = await deps.endpoint.invoke(
    {
      operation: 'detect',
      series: [definedProps({ id: metric.metricId, points: valued, state: checkpoint?.state })],
    },
    { tenantId: metric.tenantId, inferenceId: `${metric.metricId}:${interval}:${last}` },
  );
  const result = detectResultOf(invocation.response);
  // The forecaster's window moves on with the state; a checkpoint kept without it reads it back once.
  const next = nextBucketStart(Date.parse(last) / 1000, interval, 'UTC');
  const earlier = checkpoint ? (checkpoint.recent ?? (await historyBefore(series, from, deps))) : [];
  const recent = forecastWindow(
    [...earlier, ...valued.map((p): RecentValue => [Date.parse(String(p.timestamp)) / 1000, p.value])],
    interval,
    next,
  );
  const flaggedAt = new Map(result.anomalies.map((a) => [a.index, a]));
  const model = `${invocation.model.name}@${invocation.model.version}`;
  // A seeding run only learns the history; it scores nothing.
  const scores: IntervalScore[] = checkpoint
    ? valued.map((p, i) => ({
        t: String(p.timestamp),
        value: p.value,
        score: result.scores[i] ?? 0,
        anomaly: flaggedAt.has(i),
        reasons: flaggedAt.get(i)?.reasons ?? [],
        model,
      }))
    : [];
  const advanced = await deps.anomalies.advance(
    series,
    checkpoint?.lastScored ?? null,
    { state: result.state, lastScored: last, recent },
    scores,
  );
  const outcome = {
    ...nothing,
    scored: scores.length,
    flagged: scores.filter((s) => s.anomaly).length,
    seeded: !checkpoint,
  };
  // Another scorer moved the series first: it settles and forecasts.
  if (!advanced) return outcome;
  const settled = await settleForecasts(series, scores, deps);
  const history = recent.map(([, value]) => value);
  return { ...outcome, settled, forecast: await forecastNext(series, last, history, deps) };
}

function stepOf(interval: Interval): number {
  return { '1m': 60, '5m': 300, '1h': 3600, '1d': 86400 }[interval];
}

/**
 * The intervals every metric is watched at, longest first: a new watch's seeding reads the day
 * series' year of lake cells first, so the hour and minute series find their history kept.
 */
export const watchedIntervals: readonly Interval[] = ['1d', '1h', '1m'];

/** Scores every metric of every tenant given; one failing series does not stop the others. */
export async function scoreMetrics(
  metrics: readonly MetricDefinition[],
  deps: ScoreDeps,
  log: (message: string, details: Record<string, unknown>) => void,
): Promise<{ series: number; scored: number; flagged: number; failed: number }> {
  const totals = { series: 0, scored: 0, flagged: 0, failed: 0 };
  for (const metric of metrics) {
    for (const interval of watchedIntervals) {
      totals.series++;
      try {
        const outcome = await scoreSeries(metric, interval, deps);
        totals.scored += outcome.scored;
        totals.flagged += outcome.flagged;
      } catch (error) {
        totals.failed++;
        log('scoring failed', { metricId: metric.metricId, interval, error: (error as Error).message });
      }
    }
  }
  return totals;
}

export const anomaliesQueryInput = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

/** Flagged intervals of a tenant's metric. */
export async function listAnomalies(
  tenantId: string,
  metricId: string,
  query: z.infer<typeof anomaliesQueryInput>,
  deps: Pick<ScoreDeps, 'metrics' | 'anomalies'>,
): Promise<{ metricId: string; anomalies: StoredAnomaly[] }> {
  const metric = await findMetric(tenantId, metricId, deps);
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!(from < to))
    throw new ValidationError('INVALID_ANOMALY_QUERY', 'to must be after from', [
      { path: 'to', message: 'to must be after from' },
    ]);
  const anomalies = await deps.anomalies.anomalies(
    tenantId,
    metric.metricId,
    from.toISOString(),
    to.toISOString(),
  );
  return { metricId: metric.metricId, anomalies };
}
