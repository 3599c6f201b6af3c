/**
 * LakeCellStore on Postgres: one row per (metric version, UTC hour) holding its minute cells as
 * compact JSON, and one row per (dataset, hour) that received late events. A read joins the two,
 * so an hour is stale exactly when a late event's mark is not older than the cells. Decoded hours
 * are kept in the process, each with the `computed_at` it was read at; a read names the hours it
 * holds, and Postgres sends the cells only of those whose row changed since.
 */
import type {
  LakeCell,
  LakeCellRef,
  LakeCellStore,
  LakeHour,
  StoredLakeHour,
} from '../../ports/lake-cell-store';
import type { SqlPool } from '../../ports/sql-pool';

/** [minute offset in the hour (s), dims or null, count, sum, min, max] */
type CompactCell = [number, (string | null)[] | null, number, number, number | null, number | null];

interface HourRow {
  hour: string;
  complete_until: string;
  /** `computed_at` in epoch microseconds, as text (exact, unlike a JS Date). */
  computed_us: string;
  /** Null when the reader already holds this computation of the hour. */
  cells: CompactCell[] | null;
  stale: boolean;
  /** Cells too large for one row: read in chunks (`readCells`). */
  oversized: boolean;
}

/** An hour as decoded, with the computation it came from. */
interface KeptHour {
  readonly computedUs: string;
  readonly completeUntil: number;
  readonly cells: readonly LakeCell[];
}

/**
 * What one read statement may return, so no result passes the RDS Data API's limits (1 MiB per
 * response, 64 KB per row; README "Database access"). Bytes are of the cells' JSON text, which
 * the Data API's JSON response at most doubles (escaped quotes); each hour row adds ~260 bytes of
 * other columns. So a row is at most 2 x 24 KiB plus its columns, and a page of hour rows at most
 * 2 x 320 KiB + 744 x 260 B (~830 KiB); a month of hours at 1h is one statement.
 */
export const lakeReadLimits = { rowBytes: 24 * 1024, pageBytes: 320 * 1024, hoursPerPage: 744 } as const;

export type LakeReadLimits = { readonly [K in keyof typeof lakeReadLimits]: number };

/**
 * What one write statement may carry. The RDS Data API refuses a request over 4 MiB, and the
 * cells travel as one JSON text parameter that the request escapes again; 3 MiB of that escaped
 * text leaves room for the statement and the rest of the request. Hours are written in as many
 * statements as they need (each hour's upsert stands alone); an hour larger than this on its own
 * is not stored, so the next read computes it from the lake again.
 */
export const lakeWriteBytes = 3 * 1024 * 1024;

/** Cells kept in the process at most (about 150 bytes each), least recently read dropped first. */
export const maxKeptCells = 200_000;

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

/** Exact to the microsecond: `asOf` carries Postgres's full precision, which a JS Date would cut to ms. */
function microseconds(iso: string): string {
  const fraction = /\.(\d+)Z$/.exec(iso)?.[1] ?? '';
  const wholeSeconds = BigInt(Math.floor(Date.parse(iso) / 1000));
  return `${wholeSeconds * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6))}`;
}

export class PostgresLakeCellStore implements LakeCellStore {
  private readonly kept = new Map<string, KeptHour>();
  private keptCells = 0;

  constructor(
    private readonly pool: SqlPool,
    private readonly maxCells = maxKeptCells,
    private readonly limits: LakeReadLimits = lakeReadLimits,
    private readonly writeBytes = lakeWriteBytes,
  ) {}

  async read(ref: LakeCellRef, from: number, to: number): Promise<{ hours: StoredLakeHour[]; asOf: string }> {
    // A computation replaced between two statements of one read is read again from the start.
    for (let attempt = 1; ; attempt++) {
      const read = await this.readPaged(ref, from, to);
      if (read !== 'changed') return read;
      if (attempt === 3) throw new Error(`lake hours of ${ref.metricId} kept changing while read`);
    }
  }

  /**
   * The hours in pages of bounded size (`lakeReadLimits`): a page of hour rows up to the byte
   * budget, then the cells of each hour too large for a row in chunks of elements.
   */
  private async readPaged(
    ref: LakeCellRef,
    from: number,
    to: number,
  ): Promise<{ hours: StoredLakeHour[]; asOf: string } | 'changed'> {
    // What this process holds now: a concurrent read may replace or drop entries meanwhile.
    const held = new Map(this.keysIn(ref, from, to));
    // The held computations as one array indexed by hour from `base` (null where none is held),
    // and the late marks probed per hour through their key: both stay O(1) per hour whatever
    // the planner's row estimates (a join on them scanned every mark of the dataset per hour).
    const base = Math.ceil(from / 3600) * 3600;
    const heldUs = Array.from({ length: Math.max(0, Math.ceil((to - base) / 3600)) }, (_, i) =>
      held.has(base + i * 3600) ? (held.get(base + i * 3600)?.computedUs ?? null) : null,
    );
    const { rowBytes, pageBytes, hoursPerPage } = this.limits;
    const hours: StoredLakeHour[] = [];
    let asOf: string | undefined;
    for (let after = from - 1; ; ) {
      const { rows } = await this.pool.query<HourRow & { as_of: string; looked: string | null }>(
        // as_of keeps microseconds: two reads within one millisecond must still order their writes.
        // An hour's cells come inline when they fit a row and the page's budget (the first hour's
        // always, when it fits a row); the page ends before the hour that would pass the budget.
        `SELECT to_char(clock.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS as_of,
                p.hour, p.complete_until, p.computed_us, p.stale, p.looked,
                CASE WHEN p.inline THEN p.cells END AS cells, p.oversized
         FROM (SELECT now() AS as_of) clock
         LEFT JOIN (
           SELECT c.*
           FROM (
             SELECT s.*, sum(CASE WHEN s.inline THEN s.bytes ELSE 0 END) OVER (ORDER BY s.hour) AS spent,
                    row_number() OVER (ORDER BY s.hour) AS n, count(*) OVER () AS looked
             FROM (
               SELECT h.hour, h.complete_until, h.cells, x.computed_us,
                      x.computed_us::bigint IS NOT DISTINCT FROM ($8::bigint[])[((h.hour - $7::bigint) / 3600 + 1)::int] AS held,
                      octet_length(h.cells::text) AS bytes,
                      NOT (x.computed_us::bigint IS NOT DISTINCT FROM ($8::bigint[])[((h.hour - $7::bigint) / 3600 + 1)::int])
                        AND octet_length(h.cells::text) <= $9 AS inline,
                      NOT (x.computed_us::bigint IS NOT DISTINCT FROM ($8::bigint[])[((h.hour - $7::bigint) / 3600 + 1)::int])
                        AND octet_length(h.cells::text) > $9 AS oversized,
                      EXISTS (SELECT 1 FROM lake_late_hours l
                              WHERE l.tenant_id = $1 AND l.dataset = $4 AND l.hour = h.hour AND l.marked_at >= h.computed_at) AS stale
               FROM metric_lake_hours h,
                    LATERAL (SELECT (extract(epoch FROM h.computed_at) * 1000000)::bigint::text AS computed_us) x
               WHERE h.tenant_id = $1 AND h.metric_id = $2 AND h.version = $3 AND h.hour > $5 AND h.hour < $6
               ORDER BY h.hour
               LIMIT $11
             ) s
           ) c
           WHERE c.spent <= $10 OR c.n = 1
         ) p ON true
         ORDER BY p.hour`,
        [
          ref.tenantId,
          ref.metricId,
          ref.version,
          ref.dataset,
          after,
          to,
          base,
          heldUs,
          rowBytes,
          pageBytes,
          hoursPerPage,
        ],
      );
      asOf ??= rows[0]?.as_of ?? new Date().toISOString();
      for (const row of rows) {
        if (row.hour === null) continue;
        const hour = Number(row.hour);
        const known = row.cells === null && !row.oversized ? held.get(hour) : undefined;
        if (row.cells === null && !row.oversized && !known)
          throw new Error(`lake hour ${hour} was neither sent nor held`);
        const cells = row.oversized ? await this.readCells(ref, hour, row.computed_us) : row.cells;
        if (cells === 'changed') return 'changed';
        const kept = this.keep(
          ref,
          hour,
          known ?? {
            computedUs: row.computed_us,
            completeUntil: Number(row.complete_until),
            cells: (cells ?? []).map((c) => expand(hour, c)),
          },
        );
        hours.push({ hour, completeUntil: kept.completeUntil, cells: kept.cells, stale: row.stale });
      }
      // Done when this page sent every hour it looked at, and looked at fewer than a page.
      const last = rows.at(-1);
      const looked = Number(last?.looked ?? 0);
      if (!last || last.hour === null || (rows.length === looked && looked < hoursPerPage))
        return { hours, asOf };
      after = Number(last.hour);
    }
  }

  /**
   * The cells of one hour too large for a row, in chunks of elements of at most `rowBytes`
   * (keyset on the chunk number), of the computation the hour row named: 'changed' if it was
   * replaced since.
   */
  private async readCells(
    ref: LakeCellRef,
    hour: number,
    computedUs: string,
  ): Promise<CompactCell[] | 'changed'> {
    const { rowBytes, pageBytes } = this.limits;
    const cells: CompactCell[] = [];
    for (let after = -1; ; ) {
      const { rows } = await this.pool.query<{ part: string; cells: CompactCell[]; last: boolean }>(
        // A chunk holds the elements whose text (with its ", " separator) ends in its rowBytes.
        `SELECT q.part, q.cells, q.last
         FROM (
           SELECT e.part, jsonb_agg(e.cell ORDER BY e.ord) AS cells, bool_or(e.ord = e.total) AS last
           FROM (
             SELECT x.cell, x.ord, jsonb_array_length(h.cells) AS total,
                    (sum(octet_length(x.cell::text) + 2) OVER (ORDER BY x.ord) - 1) / $6 AS part
             FROM metric_lake_hours h, jsonb_array_elements(h.cells) WITH ORDINALITY AS x(cell, ord)
             WHERE h.tenant_id = $1 AND h.metric_id = $2 AND h.version = $3 AND h.hour = $4
               AND (extract(epoch FROM h.computed_at) * 1000000)::bigint = $5::bigint
           ) e
           GROUP BY e.part
         ) q
         WHERE q.part > $7
         ORDER BY q.part
         LIMIT $8`,
        [
          ref.tenantId,
          ref.metricId,
          ref.version,
          hour,
          computedUs,
          rowBytes,
          after,
          Math.max(1, Math.floor(pageBytes / rowBytes)),
        ],
      );
      if (rows.length === 0) return 'changed';
      for (const row of rows) cells.push(...row.cells);
      const last = rows.at(-1);
      if (last?.last) return cells;
      after = Number(last?.part);
    }
  }

  private keyOf(ref: LakeCellRef, hour: number): string {
    return `${ref.tenantId}/${ref.metricId}/${ref.version}/${hour}`;
  }

  /** The kept hours of one metric version in [from, to), by hour start. */
  private *keysIn(ref: LakeCellRef, from: number, to: number): Generator<[number, KeptHour]> {
    for (let hour = Math.ceil(from / 3600) * 3600; hour < to; hour += 3600) {
      const kept = this.kept.get(this.keyOf(ref, hour));
      if (kept) yield [hour, kept];
    }
  }

  /** Keeps (or refreshes) an hour as the most recently read; the map's order is the eviction order. */
  private keep(ref: LakeCellRef, hour: number, value: KeptHour): KeptHour {
    const key = this.keyOf(ref, hour);
    this.keptCells -= this.kept.get(key)?.cells.length ?? 0;
    this.kept.delete(key);
    if (value.cells.length > this.maxCells) return value;
    this.kept.set(key, value);
    this.keptCells += value.cells.length;
    for (const [oldest, dropped] of this.kept) {
      if (this.keptCells <= this.maxCells) break;
      this.kept.delete(oldest);
      this.keptCells -= dropped.cells.length;
    }
    return value;
  }

  async write(ref: LakeCellRef, hours: readonly LakeHour[], computedAt: string): Promise<void> {
    const computedUs = microseconds(computedAt);
    for (const batch of writeBatches(hours, this.writeBytes)) {
      // A concurrent writer's newer computation is never overwritten.
      await this.pool.query(
        `INSERT INTO metric_lake_hours (tenant_id, metric_id, version, hour, complete_until, computed_at, cells)
         SELECT $1, m.id, $3, h.hour, h.complete_until, $4, h.cells
         FROM metrics m, jsonb_to_recordset($5::jsonb) AS h(hour bigint, complete_until bigint, cells jsonb)
         WHERE m.id = $2 AND m.tenant_id = $1
         ON CONFLICT (tenant_id, metric_id, version, hour) DO UPDATE
           SET complete_until = EXCLUDED.complete_until, computed_at = EXCLUDED.computed_at, cells = EXCLUDED.cells
           WHERE metric_lake_hours.computed_at <= EXCLUDED.computed_at`,
        [ref.tenantId, ref.metricId, ref.version, computedAt, `[${batch.texts.join(',')}]`],
      );
      // Held as written; if a newer computation won, the next read sees another computed_at.
      for (const h of batch.hours)
        this.keep(ref, h.hour, { computedUs, completeUntil: h.completeUntil, cells: h.cells });
    }
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

/**
 * Hours grouped into statements of at most `maxBytes` of escaped JSON (`lakeWriteBytes`), in
 * order; an hour over the budget alone is left out.
 */
function* writeBatches(
  hours: readonly LakeHour[],
  maxBytes: number,
): Generator<{ hours: LakeHour[]; texts: string[] }> {
  let batch: { hours: LakeHour[]; texts: string[] } = { hours: [], texts: [] };
  let bytes = 0;
  for (const h of hours) {
    const text = JSON.stringify({
      hour: h.hour,
      complete_until: h.completeUntil,
      cells: h.cells.map((c) => compact(h.hour, c)),
    });
    // As a string value inside the request's JSON: quotes and backslashes escaped, plus a comma.
    const size = Buffer.byteLength(JSON.stringify(text)) + 1;
    if (size > maxBytes) continue;
    if (bytes + size > maxBytes && batch.hours.length > 0) {
      yield batch;
      batch = { hours: [], texts: [] };
      bytes = 0;
    }
    batch.hours.push(h);
    batch.texts.push(text);
    bytes += size;
  }
  if (batch.hours.length > 0) yield batch;
}
