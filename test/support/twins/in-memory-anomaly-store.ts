/** In-memory twin of the AnomalyStore port: checkpoints move only from the expected one. */
import type {
  AnomalyStore,
  DetectorCheckpoint,
  IntervalScore,
  StoredAnomaly,
  WatchedSeries,
} from '../../../shared/ports/anomaly-store';

const keyOf = (s: WatchedSeries) => `${s.tenantId}/${s.metricId}/${s.version}/${s.interval}`;

export class InMemoryAnomalyStore implements AnomalyStore {
  private readonly checkpoints = new Map<string, DetectorCheckpoint>();
  private readonly stored = new Map<string, { series: WatchedSeries; score: IntervalScore }>();

  async checkpoint(series: WatchedSeries) {
    return this.checkpoints.get(keyOf(series)) ?? null;
  }

  async advance(
    series: WatchedSeries,
    previous: string | null,
    next: DetectorCheckpoint,
    scores: readonly IntervalScore[],
  ) {
    const current = this.checkpoints.get(keyOf(series));
    if ((current?.lastScored ?? null) !== previous) return false;
    this.checkpoints.set(keyOf(series), next);
    for (const score of scores) this.stored.set(`${keyOf(series)}/${score.t}`, { series, score });
    return true;
  }

  async scores(series: WatchedSeries, from: string, to: string): Promise<IntervalScore[]> {
    return [...this.stored.values()]
      .filter((s) => keyOf(s.series) === keyOf(series) && s.score.t >= from && s.score.t < to)
      .map((s) => s.score)
      .sort((a, b) => (a.t < b.t ? -1 : 1));
  }

  /** Every stored score with its series (the model monitor twin tallies them). */
  allScores(): readonly { readonly series: WatchedSeries; readonly score: IntervalScore }[] {
    return [...this.stored.values()];
  }

  async anomalies(tenantId: string, metricId: string, from: string, to: string): Promise<StoredAnomaly[]> {
    const latest = new Map<string, number>();
    for (const { series } of this.stored.values())
      latest.set(series.metricId, Math.max(latest.get(series.metricId) ?? 0, series.version));
    return [...this.stored.values()]
      .filter(
        ({ series, score }) =>
          series.tenantId === tenantId &&
          series.metricId === metricId &&
          series.version === latest.get(metricId) &&
          score.anomaly &&
          score.t >= from &&
          score.t < to,
      )
      .map(({ series, score }) => ({ ...score, interval: series.interval }))
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.interval < b.interval ? -1 : 1));
  }
}
