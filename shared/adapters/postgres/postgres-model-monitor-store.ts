/** ModelMonitorStore on Postgres: forecasts and their outcomes beside the interval scores, tallied in SQL. */
import type { ForecastOutcome, ForecastPoint } from '../../domain/metrics/model-accuracy';
import type { Interval } from '../../domain/metrics/time-buckets';
import type { WatchedSeries } from '../../ports/anomaly-store';
import type { IntervalTally, ModelMonitorStore } from '../../ports/model-monitor-store';
import type { SqlPool } from '../../ports/sql-pool';
import { pageRows, readPages } from './read-pages';

interface ForecastRow {
  t: Date;
  mean: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  model_name: string;
  model_version: string;
  variant: string;
}

interface OutcomeRow {
  t: Date;
  actual: number;
  ape: number | null;
  inside80: boolean;
  inside95: boolean;
}

interface TallyRow {
  interval: Interval;
  forecasts: number;
  ape_sum: number;
  ape_count: number;
  inside80: number;
  inside95: number;
  scored: number;
  flagged: number;
}

/**
 * Tallies the forecasts and scores that `where` (over aliases f and s, parameters from $3) selects,
 * per interval in watched order. Counts are cast to int: Postgres counts are bigint, which pg
 * returns as strings.
 */
const tallySql = (forecastWhere: string, scoreWhere: string) => `
  WITH f AS (
    SELECT f.interval, count(*)::int AS forecasts, coalesce(sum(f.ape), 0)::float8 AS ape_sum,
      count(f.ape)::int AS ape_count, count(*) FILTER (WHERE f.inside80)::int AS inside80,
      count(*) FILTER (WHERE f.inside95)::int AS inside95
    FROM metric_forecasts f
    WHERE f.actual IS NOT NULL AND f.t >= $3 AND f.t < $4 AND ${forecastWhere}
    GROUP BY f.interval
  ), s AS (
    SELECT s.interval, count(*)::int AS scored, count(*) FILTER (WHERE s.anomaly)::int AS flagged
    FROM metric_interval_scores s
    WHERE s.t >= $3 AND s.t < $4 AND ${scoreWhere}
    GROUP BY s.interval
  )
  SELECT coalesce(f.interval, s.interval) AS interval, coalesce(f.forecasts, 0) AS forecasts,
    coalesce(f.ape_sum, 0) AS ape_sum, coalesce(f.ape_count, 0) AS ape_count,
    coalesce(f.inside80, 0) AS inside80, coalesce(f.inside95, 0) AS inside95,
    coalesce(s.scored, 0) AS scored, coalesce(s.flagged, 0) AS flagged
  FROM f FULL JOIN s ON s.interval = f.interval
  ORDER BY array_position(ARRAY['1m', '5m', '1h', '1d'], coalesce(f.interval, s.interval))`;

const tallies = (rows: readonly TallyRow[]): IntervalTally[] =>
  rows.map((r) => ({
    interval: r.interval,
    tally: {
      forecasts: r.forecasts,
      apeSum: r.ape_sum,
      apeCount: r.ape_count,
      inside80: r.inside80,
      inside95: r.inside95,
      scored: r.scored,
      flagged: r.flagged,
    },
  }));

const seriesKey = (s: WatchedSeries) => [s.tenantId, s.metricId, s.version, s.interval];
const seriesWhere = 'tenant_id = $1 AND metric_id = $2 AND version = $3 AND interval = $4';
/** The keyset of a series' range read in pages: t is unique in a series, interval starts exact as Dates. */
const afterT = 'AND ($7::timestamptz IS NULL OR t > $7::timestamptz)';

export class PostgresModelMonitorStore implements ModelMonitorStore {
  constructor(private readonly pool: SqlPool) {}

  async record(series: WatchedSeries, f: ForecastPoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO metric_forecasts (tenant_id, metric_id, version, interval, t, mean, lower80, upper80,
         lower95, upper95, model_name, model_version, variant)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
       WHERE EXISTS (SELECT 1 FROM metrics WHERE id = $2 AND tenant_id = $1)
       ON CONFLICT (metric_id, version, interval, t) DO UPDATE SET mean = EXCLUDED.mean,
         lower80 = EXCLUDED.lower80, upper80 = EXCLUDED.upper80, lower95 = EXCLUDED.lower95,
         upper95 = EXCLUDED.upper95, model_name = EXCLUDED.model_name,
         model_version = EXCLUDED.model_version, variant = EXCLUDED.variant, made_at = now(),
         actual = NULL, ape = NULL, inside80 = NULL, inside95 = NULL`,
      [
        ...seriesKey(series),
        f.t,
        f.mean,
        f.lower80,
        f.upper80,
        f.lower95,
        f.upper95,
        f.model.name,
        f.model.version,
        f.variant,
      ],
    );
  }

  async pending(series: WatchedSeries, from: string, to: string): Promise<ForecastPoint[]> {
    const rows = await readPages<ForecastRow>(
      pageRows.range,
      async (after, limit) =>
        (
          await this.pool.query<ForecastRow>(
            `SELECT t, mean, lower80, upper80, lower95, upper95, model_name, model_version, variant
           FROM metric_forecasts WHERE ${seriesWhere} AND t >= $5 AND t < $6 AND actual IS NULL
             ${afterT}
           ORDER BY t LIMIT $8`,
            [...seriesKey(series), from, to, after?.t ?? null, limit],
          )
        ).rows,
    );
    return rows.map((r) => ({
      t: r.t.toISOString(),
      mean: r.mean,
      lower80: r.lower80,
      upper80: r.upper80,
      lower95: r.lower95,
      upper95: r.upper95,
      model: { name: r.model_name, version: r.model_version },
      variant: r.variant,
    }));
  }

  async settle(series: WatchedSeries, outcomes: readonly ForecastOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.pool.query(
      `UPDATE metric_forecasts f SET actual = o.actual, ape = o.ape, inside80 = o.inside80, inside95 = o.inside95
       FROM jsonb_to_recordset($5::jsonb)
         AS o(t timestamptz, actual float8, ape float8, inside80 boolean, inside95 boolean)
       WHERE f.tenant_id = $1 AND f.metric_id = $2 AND f.version = $3 AND f.interval = $4 AND f.t = o.t`,
      [...seriesKey(series), JSON.stringify(outcomes)],
    );
  }

  async outcomes(series: WatchedSeries, from: string, to: string): Promise<ForecastOutcome[]> {
    const rows = await readPages<OutcomeRow>(
      pageRows.range,
      async (after, limit) =>
        (
          await this.pool.query<OutcomeRow>(
            `SELECT t, actual, ape, inside80, inside95 FROM metric_forecasts
           WHERE ${seriesWhere} AND t >= $5 AND t < $6 AND actual IS NOT NULL ${afterT}
           ORDER BY t LIMIT $8`,
            [...seriesKey(series), from, to, after?.t ?? null, limit],
          )
        ).rows,
    );
    return rows.map((r) => ({
      t: r.t.toISOString(),
      actual: r.actual,
      ape: r.ape,
      inside80: r.inside80,
      inside95: r.inside95,
    }));
  }

  async metricTallies(
    tenantId: string,
    metricId: string,
    from: string,
    to: string,
  ): Promise<IntervalTally[]> {
    const current = (alias: string) =>
      `${alias}.tenant_id = $1 AND ${alias}.metric_id = $2 AND ${alias}.version =
       (SELECT current_version FROM metrics WHERE id = $2 AND tenant_id = $1)`;
    const { rows } = await this.pool.query<TallyRow>(tallySql(current('f'), current('s')), [
      tenantId,
      metricId,
      from,
      to,
    ]);
    return tallies(rows);
  }

  async modelTallies(
    model: { readonly name: string; readonly version: string },
    from: string,
    to: string,
  ): Promise<IntervalTally[]> {
    const { rows } = await this.pool.query<TallyRow>(
      tallySql('f.model_name = $1 AND f.model_version = $2', `s.model = $1 || '@' || $2`),
      [model.name, model.version, from, to],
    );
    return tallies(rows);
  }
}
