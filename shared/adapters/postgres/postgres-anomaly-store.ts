/** AnomalyStore on Postgres: detector checkpoints and interval scores, moved together in one transaction. */
import type { DetectorState } from '../../domain/analytics/contracts';
import { definedProps } from '../../domain/defined-props';
import type { Interval } from '../../domain/metrics/time-buckets';
import type {
  AnomalyStore,
  DetectorCheckpoint,
  IntervalScore,
  RecentValue,
  StoredAnomaly,
  WatchedSeries,
} from '../../ports/anomaly-store';
import type { SqlPool } from '../../ports/sql-pool';
import { inTransaction } from './in-transaction';
import { pageRows, readPages } from './read-pages';

interface ScoreRow {
  interval: Interval;
  t: Date;
  value: number;
  score: number;
  anomaly: boolean;
  reasons: string[];
  model: string;
}

export class PostgresAnomalyStore implements AnomalyStore {
  constructor(private readonly pool: SqlPool) {}

  async checkpoint(series: WatchedSeries): Promise<DetectorCheckpoint | null> {
    const { rows } = await this.pool.query<{
      state: DetectorState;
      last_scored: Date;
      recent: RecentValue[] | null;
    }>(
      `SELECT state, last_scored, recent FROM metric_detector_states
       WHERE tenant_id = $1 AND metric_id = $2 AND version = $3 AND interval = $4`,
      [series.tenantId, series.metricId, series.version, series.interval],
    );
    const row = rows[0];
    return row
      ? definedProps({
          state: row.state,
          lastScored: row.last_scored.toISOString(),
          recent: row.recent ?? undefined,
        })
      : null;
  }

  async advance(
    series: WatchedSeries,
    previous: string | null,
    next: DetectorCheckpoint,
    scores: readonly IntervalScore[],
  ): Promise<boolean> {
    const key = [series.tenantId, series.metricId, series.version, series.interval];
    const recent = next.recent === undefined ? null : JSON.stringify(next.recent);
    // A checkpoint that moved elsewhere meanwhile changes no row: nothing is written, the caller retries.
    return inTransaction(this.pool, async (client) => {
      const moved =
        previous === null
          ? await client.query(
              `INSERT INTO metric_detector_states (tenant_id, metric_id, version, interval, last_scored, state, recent)
               SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM metrics WHERE id = $2 AND tenant_id = $1)
               ON CONFLICT DO NOTHING`,
              [...key, next.lastScored, JSON.stringify(next.state), recent],
            )
          : await client.query(
              `UPDATE metric_detector_states SET last_scored = $5, state = $6, recent = $7, updated_at = now()
               WHERE tenant_id = $1 AND metric_id = $2 AND version = $3 AND interval = $4 AND last_scored = $8`,
              [...key, next.lastScored, JSON.stringify(next.state), recent, previous],
            );
      if ((moved.rowCount ?? 0) === 0) return false;
      for (const s of scores) {
        await client.query(
          `INSERT INTO metric_interval_scores (tenant_id, metric_id, version, interval, t, value, score, anomaly, reasons, model)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (metric_id, version, interval, t) DO UPDATE SET value = EXCLUDED.value,
             score = EXCLUDED.score, anomaly = EXCLUDED.anomaly, reasons = EXCLUDED.reasons, model = EXCLUDED.model`,
          [...key, s.t, s.value, s.score, s.anomaly, JSON.stringify(s.reasons), s.model],
        );
      }
      return true;
    });
  }

  async scores(series: WatchedSeries, from: string, to: string): Promise<IntervalScore[]> {
    // Interval starts are whole minutes: a Date cursor is exact; t is unique in the series.
    const rows = await readPages<ScoreRow>(pageRows.range, async (after, limit) => {
      const page = await this.pool.query<ScoreRow>(
        `SELECT interval, t, value, score, anomaly, reasons, model FROM metric_interval_scores
         WHERE tenant_id = $1 AND metric_id = $2 AND version = $3 AND interval = $4 AND t >= $5 AND t < $6
           AND ($7::timestamptz IS NULL OR t > $7::timestamptz)
         ORDER BY t LIMIT $8`,
        [
          series.tenantId,
          series.metricId,
          series.version,
          series.interval,
          from,
          to,
          after?.t ?? null,
          limit,
        ],
      );
      return page.rows;
    });
    return rows.map((r) => ({
      t: r.t.toISOString(),
      value: r.value,
      score: r.score,
      anomaly: r.anomaly,
      reasons: r.reasons,
      model: r.model,
    }));
  }

  async anomalies(tenantId: string, metricId: string, from: string, to: string): Promise<StoredAnomaly[]> {
    // (t, interval) is unique among the current version's scores.
    const rows = await readPages<ScoreRow>(pageRows.range, async (after, limit) => {
      const page = await this.pool.query<ScoreRow>(
        `SELECT s.interval, s.t, s.value, s.score, s.anomaly, s.reasons, s.model
         FROM metric_interval_scores s JOIN metrics m ON m.id = s.metric_id AND m.current_version = s.version
         WHERE s.tenant_id = $1 AND s.metric_id = $2 AND s.anomaly AND s.t >= $3 AND s.t < $4
           AND ($5::timestamptz IS NULL OR (s.t, s.interval) > ($5::timestamptz, $6::text))
         ORDER BY s.t, s.interval LIMIT $7`,
        [tenantId, metricId, from, to, after?.t ?? null, after?.interval ?? null, limit],
      );
      return page.rows;
    });
    return rows.map((r) => ({
      interval: r.interval,
      t: r.t.toISOString(),
      value: r.value,
      score: r.score,
      anomaly: r.anomaly,
      reasons: r.reasons,
      model: r.model,
    }));
  }
}
