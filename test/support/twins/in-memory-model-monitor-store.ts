/** In-memory twin of the ModelMonitorStore port, tallying with the domain's own arithmetic. */
import {
  type AccuracyTally,
  addTallies,
  emptyTally,
  type ForecastOutcome,
  type ForecastPoint,
  tallyOf,
} from '../../../shared/domain/metrics/model-accuracy';
import { type Interval, intervals } from '../../../shared/domain/metrics/time-buckets';
import type { WatchedSeries } from '../../../shared/ports/anomaly-store';
import type { IntervalTally, ModelMonitorStore } from '../../../shared/ports/model-monitor-store';
import type { InMemoryAnomalyStore } from './in-memory-anomaly-store';
import type { InMemoryMetricCatalog } from './in-memory-metric-catalog';

const keyOf = (s: WatchedSeries) => `${s.tenantId}/${s.metricId}/${s.version}/${s.interval}`;

interface Row {
  readonly series: WatchedSeries;
  readonly forecast: ForecastPoint;
  readonly outcome?: ForecastOutcome;
}

/** Per interval in watched order, leaving out intervals with nothing. */
function byInterval(parts: readonly { interval: Interval; tally: AccuracyTally }[]): IntervalTally[] {
  return intervals.flatMap((interval) => {
    const tally = parts
      .filter((p) => p.interval === interval)
      .reduce((a, p) => addTallies(a, p.tally), emptyTally);
    return tally.forecasts === 0 && tally.scored === 0 ? [] : [{ interval, tally }];
  });
}

export class InMemoryModelMonitorStore implements ModelMonitorStore {
  private readonly rows = new Map<string, Row>();

  /** Scores come from the anomaly twin, metric ownership and versions from the catalog twin. */
  constructor(
    private readonly anomalies: InMemoryAnomalyStore,
    private readonly metrics: InMemoryMetricCatalog,
  ) {}

  async record(series: WatchedSeries, forecast: ForecastPoint): Promise<void> {
    if (!(await this.metrics.find(series.tenantId, series.metricId))) return;
    this.rows.set(`${keyOf(series)}/${forecast.t}`, { series, forecast });
  }

  private of(series: WatchedSeries, from: string, to: string): Row[] {
    return [...this.rows.values()]
      .filter((r) => keyOf(r.series) === keyOf(series) && r.forecast.t >= from && r.forecast.t < to)
      .sort((a, b) => (a.forecast.t < b.forecast.t ? -1 : 1));
  }

  async pending(series: WatchedSeries, from: string, to: string): Promise<ForecastPoint[]> {
    return this.of(series, from, to).flatMap((r) => (r.outcome ? [] : [r.forecast]));
  }

  async settle(series: WatchedSeries, outcomes: readonly ForecastOutcome[]): Promise<void> {
    for (const outcome of outcomes) {
      const key = `${keyOf(series)}/${outcome.t}`;
      const row = this.rows.get(key);
      if (row) this.rows.set(key, { ...row, outcome });
    }
  }

  async outcomes(series: WatchedSeries, from: string, to: string): Promise<ForecastOutcome[]> {
    return this.of(series, from, to).flatMap((r) => (r.outcome ? [r.outcome] : []));
  }

  private tallies(
    forecast: (r: Row) => boolean,
    score: (s: { series: WatchedSeries; score: { model: string } }) => boolean,
    from: string,
    to: string,
  ): IntervalTally[] {
    const inRange = (t: string) => t >= from && t < to;
    const settled = [...this.rows.values()].filter((r) => r.outcome && inRange(r.forecast.t) && forecast(r));
    const scores = this.anomalies.allScores().filter((s) => inRange(s.score.t) && score(s));
    return byInterval([
      ...settled.map((r) => ({
        interval: r.series.interval,
        tally: tallyOf(r.outcome ? [r.outcome] : [], []),
      })),
      ...scores.map((s) => ({ interval: s.series.interval, tally: tallyOf([], [s.score]) })),
    ]);
  }

  async metricTallies(
    tenantId: string,
    metricId: string,
    from: string,
    to: string,
  ): Promise<IntervalTally[]> {
    const metric = await this.metrics.find(tenantId, metricId);
    if (!metric) return [];
    const current = (s: WatchedSeries) =>
      s.tenantId === tenantId && s.metricId === metricId && s.version === metric.version;
    return this.tallies(
      (r) => current(r.series),
      (s) => current(s.series),
      from,
      to,
    );
  }

  async modelTallies(
    model: { readonly name: string; readonly version: string },
    from: string,
    to: string,
  ): Promise<IntervalTally[]> {
    return this.tallies(
      (r) => r.forecast.model.name === model.name && r.forecast.model.version === model.version,
      (s) => s.score.model === `${model.name}@${model.version}`,
      from,
      to,
    );
  }
}
