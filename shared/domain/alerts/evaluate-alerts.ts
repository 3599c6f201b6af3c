/**
 * Use case: evaluate every alert rule at each of its metric's newly closed intervals, oldest
 * first, move its state, record the transitions and queue their notifications. Anomaly rules
 * wait for the metric anomaly scorer to have scored an interval; forecast rules ask the
 * forecaster for the band from the history before it. An interval is evaluated once: data
 * arriving for it later changes the series but does not re-fire the alert.
 */
import type { AlertEvent, AlertStore } from '../../ports/alert-store';
import type { AnomalyStore, IntervalScore, WatchedSeries } from '../../ports/anomaly-store';
import type { ModelEndpoint } from '../../ports/model-endpoint';
import type { ModelMonitorStore } from '../../ports/model-monitor-store';
import type { ForecastResult } from '../analytics/contracts';
import type { SeriesPoint as ChartPoint, SeriesChartInput } from '../charts/series-chart';
import { definedProps } from '../defined-props';
import { metricSeries, type SeriesDeps } from '../metrics/metric-series';
import { driftMeasure, type ForecastOutcome, tallyOf } from '../metrics/model-accuracy';
import { closeGraceSeconds, watchedSeries } from '../metrics/score-anomalies';
import { bucketStart, intervalSeconds } from '../metrics/time-buckets';
import { type IntervalFacts, judge, type RuleProgress, step } from './alert-evaluation';
import { alertNotice, type NotifyDeps, queueAlertDeliveries } from './alert-notification';
import { type AlertCondition, type AlertRule, scorerConditions } from './alert-rule';

/** Intervals one rule evaluates per run at most, so a long outage catches up in steps. */
export const maxIntervalsPerRun = 1440;
/** Intervals before the evaluated one that the chart in a notification shows. */
const chartIntervals = 60;
/** History a forecastBreach rule's forecaster sees, in intervals. */
const forecastHistory = 240;

export interface EvaluateDeps extends SeriesDeps, NotifyDeps {
  readonly alerts: Pick<AlertStore, 'progress' | 'advance'>;
  readonly anomalies: Pick<AnomalyStore, 'checkpoint' | 'scores'>;
  readonly endpoint: ModelEndpoint;
  readonly monitor: Pick<ModelMonitorStore, 'outcomes'>;
  /**
   * How long anomaly rules wait, within one run, for the scorer (which runs on the same
   * schedule) to score the newest closed interval: at most `attempts` pauses per run, after
   * each of which only the rules still waiting are evaluated again.
   * @default no waiting (the interval is judged on the next run)
   */
  readonly scorerWait?: { readonly attempts: number; readonly pause: () => Promise<void> };
}

export interface RuleOutcome {
  readonly evaluated: number;
  readonly transitions: number;
  readonly notifications: number;
  /** An anomaly rule whose newest closed interval the scorer has not scored yet. */
  readonly heldBack?: boolean;
}

type Rule = AlertRule & { readonly tenantName: string };

/**
 * Forecast bands asked for within one evaluation run, by tenant, metric, level and history:
 * forecastBreach rules on the same metric and level would otherwise each invoke the endpoint
 * for the same band. Kept for one run only, so a later run sees the model's current version.
 */
type ForecastMemo = Map<string, Promise<IntervalFacts['forecast']>>;

/** The first interval start to evaluate and the end (exclusive) of the closed ones, epoch seconds. */
async function pendingRange(
  rule: Rule,
  watched: WatchedSeries,
  progress: RuleProgress,
  deps: EvaluateDeps,
): Promise<{ from: number; to: number; heldBack: boolean }> {
  const stepSeconds = intervalSeconds[rule.interval];
  const now = deps.now().getTime() / 1000;
  const to = bucketStart(now - closeGraceSeconds, rule.interval, 'UTC');
  // A new rule starts at the newest closed interval: it does not judge the past.
  const from = progress.lastEvaluated
    ? Date.parse(progress.lastEvaluated) / 1000 + stepSeconds
    : to - stepSeconds;
  if (scorerConditions.includes(rule.condition.type)) {
    const checkpoint = await deps.anomalies.checkpoint(watched);
    const scored = checkpoint ? Date.parse(checkpoint.lastScored) / 1000 + stepSeconds : from;
    return { from, to: Math.min(to, scored, from + maxIntervalsPerRun * stepSeconds), heldBack: scored < to };
  }
  return { from, to: Math.min(to, from + maxIntervalsPerRun * stepSeconds), heldBack: false };
}

function forecastBand(
  rule: Rule,
  history: readonly number[],
  level: 80 | 95,
  deps: EvaluateDeps,
  memo: ForecastMemo,
): Promise<IntervalFacts['forecast']> {
  const key = `${rule.tenantId}|${rule.metricId}|${level}|${history.join(',')}`;
  const known = memo.get(key);
  if (known) return known;
  const band = askForecastBand(rule, history, level, deps);
  memo.set(key, band);
  return band;
}

async function askForecastBand(
  rule: Rule,
  history: readonly number[],
  level: 80 | 95,
  deps: EvaluateDeps,
): Promise<IntervalFacts['forecast']> {
  if (history.length < 10) return undefined;
  const { response } = await deps.endpoint.invoke(
    {
      operation: 'forecast',
      options: { horizon: 1, levels: [level] },
      series: [{ id: rule.metricId, values: [...history] }],
    },
    { tenantId: rule.tenantId, inferenceId: `alert:${rule.alertId}` },
  );
  const [outcome] = response.results;
  if (!outcome || outcome.status === 'error') return undefined;
  const result = outcome.result as ForecastResult;
  const band = result.intervals.find((i) => i.level === level);
  const mean = result.mean[0];
  const lower = band?.lower[0];
  const upper = band?.upper[0];
  return mean === undefined || lower === undefined || upper === undefined
    ? undefined
    : { mean, lower, upper };
}

/** A modelDrift rule's measure over its window of intervals ending with the one starting at `start`. */
function driftAt(
  condition: Extract<AlertCondition, { type: 'modelDrift' }>,
  start: number,
  stepSeconds: number,
  outcomes: readonly ForecastOutcome[],
  scores: ReadonlyMap<number, IntervalScore>,
): number | null {
  const first = start - (condition.window - 1) * stepSeconds;
  const inWindow = (t: number) => t >= first && t <= start;
  const tally = tallyOf(
    outcomes.filter((o) => inWindow(Date.parse(o.t) / 1000)),
    [...scores.entries()].flatMap(([t, s]) => (inWindow(t) ? [s] : [])),
  );
  return driftMeasure(condition.measure, tally);
}

/** Evaluates one rule's pending intervals; returns what happened. */
export async function evaluateRule(
  rule: Rule,
  deps: EvaluateDeps,
  memo: ForecastMemo = new Map(),
): Promise<RuleOutcome> {
  const metric = await deps.metrics.find(rule.tenantId, rule.metricId);
  if (!metric) return { evaluated: 0, transitions: 0, notifications: 0 };
  const progress = await deps.alerts.progress(rule.tenantId, rule.alertId);
  const watched = watchedSeries(metric, rule.interval);
  const { from, to, heldBack } = await pendingRange(rule, watched, progress, deps);
  if (from >= to) return { evaluated: 0, transitions: 0, notifications: 0, heldBack };

  const stepSeconds = intervalSeconds[rule.interval];
  // Only what the condition needs: a look-back past the late-data window is a lake query (Athena
  // in AWS) on every run. The chart's wider context is read only when a notification goes out.
  const lookback =
    Math.max(
      rule.condition.type === 'change' ? rule.condition.window : 0,
      rule.condition.type === 'forecastBreach' ? forecastHistory : 0,
    ) * stepSeconds;
  const points = await seriesPoints(rule, from - lookback, to, deps);
  // A drift rule's first interval measures the window before it too.
  const recordedFrom = new Date(
    (rule.condition.type === 'modelDrift' ? from - (rule.condition.window - 1) * stepSeconds : from) * 1000,
  ).toISOString();
  const recordedTo = new Date(to * 1000).toISOString();
  const scores = new Map<number, IntervalScore>();
  if (scorerConditions.includes(rule.condition.type))
    for (const s of await deps.anomalies.scores(watched, recordedFrom, recordedTo))
      scores.set(Date.parse(s.t) / 1000, s);
  const outcomes =
    rule.condition.type === 'modelDrift' && rule.condition.measure !== 'alertRate'
      ? await deps.monitor.outcomes(watched, recordedFrom, recordedTo)
      : [];

  let current = progress;
  const events: AlertEvent[] = [];
  const notices: { start: number; event: AlertEvent }[] = [];
  for (let index = 0; index < points.length; index++) {
    const point = points[index];
    if (!point || point.start < from) continue;
    const condition = rule.condition;
    let facts: IntervalFacts = {
      start: point.start,
      value: point.value,
      ...definedProps({
        earlier: condition.type === 'change' ? (points[index - condition.window]?.value ?? null) : undefined,
        anomaly:
          condition.type === 'anomaly' && scores.has(point.start)
            ? {
                score: scores.get(point.start)?.score ?? 0,
                flagged: scores.get(point.start)?.anomaly ?? false,
              }
            : undefined,
      }),
    };
    if (condition.type === 'forecastBreach') {
      const history = points.slice(Math.max(0, index - forecastHistory), index);
      const band = await forecastBand(
        rule,
        history.flatMap((p) => (p.value === null ? [] : [p.value])),
        condition.level,
        deps,
        memo,
      );
      if (band) facts = { ...facts, forecast: band };
    }
    if (condition.type === 'modelDrift')
      facts = { ...facts, drift: driftAt(condition, point.start, stepSeconds, outcomes, scores) };
    const judgement = judge(condition, facts);
    const moved = step(rule, current, point.start, judgement);
    current = moved.progress;
    if (!moved.transition) continue;
    const event: AlertEvent = {
      alertId: rule.alertId,
      t: new Date(point.start * 1000).toISOString(),
      state: moved.transition,
      value: judgement.value,
      expected: judgement.expected,
      band: judgement.band ?? null,
      notified: moved.notify,
      at: deps.now().toISOString(),
    };
    events.push(event);
    if (moved.notify) notices.push({ start: point.start, event });
  }
  if (current.lastEvaluated === progress.lastEvaluated)
    return { evaluated: 0, transitions: 0, notifications: 0 };
  const chartFrom = (notices[0]?.start ?? to) - chartIntervals * stepSeconds;
  const chartPoints =
    notices.length > 0
      ? await seriesPoints(rule, chartFrom, (notices.at(-1)?.start ?? 0) + stepSeconds, deps)
      : [];
  // Another evaluator got there first: it owns these intervals and their notifications.
  if (!(await deps.alerts.advance(rule.tenantId, rule.alertId, progress.lastEvaluated, current, events)))
    return { evaluated: 0, transitions: 0, notifications: 0 };

  let notifications = 0;
  for (const { start, event } of notices) {
    const window = chartPoints.filter(
      (p) => p.start >= start - chartIntervals * stepSeconds && p.start <= start,
    );
    const chart: SeriesChartInput = {
      valueLabel: metric.name,
      title: `${rule.name}: ${metric.name}`,
      points: window.map((p): ChartPoint => ({ t: p.start * 1000, value: p.value })),
      ...definedProps({
        // A modelDrift event's value is the model's measure, not a point of this chart.
        anomalies:
          event.state === 'firing' && rule.condition.type !== 'modelDrift'
            ? [{ t: start * 1000, value: event.value }]
            : undefined,
        threshold: rule.condition.type === 'threshold' ? rule.condition.value : undefined,
      }),
    };
    const notice = alertNotice(
      rule,
      metric,
      {
        tenantName: rule.tenantName,
        state: event.state,
        start,
        judgement: {
          value: event.value,
          expected: event.expected,
          ...definedProps({ band: event.band ?? undefined }),
        },
      },
      deps,
    );
    notifications += (await queueAlertDeliveries(rule, { notice, chart }, `${event.t}:${event.state}`, deps))
      .length;
  }
  return { evaluated: (to - from) / stepSeconds, transitions: events.length, notifications, heldBack };
}

/** The rule's metric series at its interval over [from, to), by interval start in epoch seconds. */
async function seriesPoints(
  rule: Rule,
  from: number,
  to: number,
  deps: EvaluateDeps,
): Promise<{ start: number; value: number | null }[]> {
  const series = await metricSeries(
    rule.tenantId,
    rule.metricId,
    {
      from: new Date(from * 1000).toISOString(),
      to: new Date(to * 1000).toISOString(),
      interval: rule.interval,
      tz: 'UTC',
    },
    deps,
  );
  return series.points.map((p) => ({ start: Date.parse(p.t) / 1000, value: p.value }));
}

/** Evaluates every rule; one failing rule is logged and retried on the next run. */
export async function evaluateAlerts(
  rules: readonly Rule[],
  deps: EvaluateDeps,
  log: (message: string, details: Record<string, unknown>) => void,
): Promise<{ rules: number; evaluated: number; transitions: number; notifications: number; failed: number }> {
  const totals = { rules: rules.length, evaluated: 0, transitions: 0, notifications: 0, failed: 0 };
  let pending = rules;
  const memo: ForecastMemo = new Map();
  for (let round = 0; ; round++) {
    const waiting: Rule[] = [];
    for (const rule of pending) {
      try {
        const outcome = await evaluateRule(rule, deps, memo);
        totals.evaluated += outcome.evaluated;
        totals.transitions += outcome.transitions;
        totals.notifications += outcome.notifications;
        if (outcome.heldBack) waiting.push(rule);
      } catch (error) {
        totals.failed++;
        log('alert evaluation failed', { alertId: rule.alertId, error: (error as Error).message });
      }
    }
    if (waiting.length === 0 || !deps.scorerWait || round >= deps.scorerWait.attempts) return totals;
    await deps.scorerWait.pause();
    pending = waiting;
  }
}
