/**
 * LakeCellStore on Postgres: one row per (metric version, UTC hour) holding its minute cells as
 * compact JSON, and one row per (dataset, hour) that received late events. A read joins the two,
 * so an hour is stale exactly when a late event's mark is not older than the cells.
 */
import type { Pool } from 'pg';
import type {
  LakeCell,
  LakeCellRef,
  LakeCellStore,
  LakeHour,
  StoredLakeHour,
} from '../../ports/lake-cell-store';

/** [minute offset in the hour (s), dims or null, count, sum, min, max] */
type CompactCell = [number, (string | null)[] | null, number, number, number | null, number | null];

interface HourRow {
  hour: string;
  complete_until: string;
  cells: CompactCell[];
  stale: boolean;
}

const compact = (hour: number, c: LakeCell): CompactCell => [
  c.minute - hour,
  c.dims.length > 0 ? [...c.dims] : null,
  c.cell.count,
  c.cell.sum,
  c.cell.min,
  c.cell.max,
];

const expand = (hour: number, [offset, dims, count, sum, min, max]: CompactCell): LakeCell => ({
  minute: hour + offset,
  dims: dims ?? [],
  cell: { count, sum, min, max },
});

export class PostgresLakeCellStore implements LakeCellStore {
  constructor(private readonly pool: Pool) {}

  async read(ref: LakeCellRef, from: number, to: number): Promise<{ hours: StoredLakeHour[]; asOf: string }> {
    const { rows } = await this.pool.query<HourRow & { as_of: Date }>(
      `SELECT clock.as_of, h.hour, h.complete_until, h.cells,
              (l.marked_at IS NOT NULL AND l.marked_at >= h.computed_at) AS stale
       FROM (SELECT now() AS as_of) clock
       LEFT JOIN metric_lake_hours h
         ON h.tenant_id = $1 AND h.metric_id = $2 AND h.version = $3 AND h.hour >= $5 AND h.hour < $6
       LEFT JOIN lake_late_hours l ON l.tenant_id = $1 AND l.dataset = $4 AND l.hour = h.hour
       ORDER BY h.hour`,
      [ref.tenantId, ref.metricId, ref.version, ref.dataset, from, to],
    );
    const asOf = (rows[0]?.as_of ?? new Date()).toISOString();
    const hours = rows.flatMap((row) => {
      if (row.hour === null) return [];
      const hour = Number(row.hour);
      return [
        {
          hour,
          completeUntil: Number(row.complete_until),
          cells: row.cells.map((c) => expand(hour, c)),
          stale: row.stale,
        },
      ];
    });
    return { hours, asOf };
  }

  async write(ref: LakeCellRef, hours: readonly LakeHour[], computedAt: string): Promise<void> {
    if (hours.length === 0) return;
    // One statement for all hours; a concurrent writer's newer computation is never overwritten.
    await this.pool.query(
      `INSERT INTO metric_lake_hours (tenant_id, metric_id, version, hour, complete_until, computed_at, cells)
       SELECT $1, m.id, $3, h.hour, h.complete_until, $4, h.cells
       FROM metrics m, jsonb_to_recordset($5::jsonb) AS h(hour bigint, complete_until bigint, cells jsonb)
       WHERE m.id = $2 AND m.tenant_id = $1
       ON CONFLICT (tenant_id, metric_id, version, hour) DO UPDATE
         SET complete_until = EXCLUDED.complete_until, computed_at = EXCLUDED.computed_at, cells = EXCLUDED.cells
         WHERE metric_lake_hours.computed_at <= EXCLUDED.computed_at`,
      [
        ref.tenantId,
        ref.metricId,
        ref.version,
        computedAt,
        JSON.stringify(
          hours.map((h) => ({
            hour: h.hour,
            complete_until: h.completeUntil,
            cells: h.cells.map((c) => compact(h.hour, c)),
          })),
        ),
      ],
    );
  }

  async markLate(tenantId: string, dataset: string, hours: readonly number[]): Promise<void> {
    if (hours.length === 0) return;
    await this.pool.query(
      `INSERT INTO lake_late_hours (tenant_id, dataset, hour, marked_at)
       SELECT $1, $2, hour, now() FROM unnest($3::bigint[]) AS hour
       ON CONFLICT (tenant_id, dataset, hour) DO UPDATE SET marked_at = now()`,
      [tenantId, dataset, [...new Set(hours)]],
    );
  }
}
