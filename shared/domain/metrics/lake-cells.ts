/**
 * The lake half of a mergeable metric's series (count, sum, avg, min, max) as minute cells,
 * served from the LakeCellStore where it holds the minutes and from one lake query for the
 * rest. The lake half ends at the minute the late-data window starts, so every minute it covers
 * can from then on only receive events the lake writer judges late (or nearly late, see
 * `markMarginSeconds`); those mark their hour, and the next read computes that hour again, so
 * kept cells never hide data the lake has.
 *
 * The window's start moves on every minute. The minutes it has just left in the hour it is in
 * are not read from the lake each time: while that hour is kept and not marked, its later
 * minutes come from the rollups, which hold every event of them that was on time (a late one
 * would have marked the hour after its cells were computed). The hour is read from the lake
 * again once it has left the window whole, so what is kept comes from the lake only.
 */
import type { LakeCell, LakeCellStore, LakeHour } from '../../ports/lake-cell-store';
import type { QueryEngine, TenantTables } from '../../ports/query-engine';
import { definedProps } from '../defined-props';
import { runToCompletion } from '../query/run-to-completion';
import type { Aggregation, MetricDefinition } from './metric-definition';
import { dimensionValue } from './rollup-batch';
import { rollupWarmUpSeconds } from './rollup-hook';
import { lakeCellsSql } from './series-sql';

/** Aggregations whose minute cells merge exactly, so kept cells answer any interval and zone. */
export function isMergeable(aggregation: Aggregation): boolean {
  return ['count', 'sum', 'avg', 'min', 'max'].includes(aggregation);
}

/**
 * Hours with more cells than this (many dimension values) are not kept: reading them back
 * would cost about what the lake query does.
 */
export const maxCellsPerHour = 5_000;

/** Cells one lake read may return (a week of minutes for 100 dimension values); more fail the read. */
export const maxLakeCellRows = 1_000_000;

export interface LakeCellsDeps {
  readonly lakeCells: LakeCellStore;
  readonly engine: QueryEngine;
  readonly lateWindowSeconds: number;
  readonly newId: () => string;
  /** @default 25_000 */
  readonly lakeTimeoutMs?: number;
}

const hourOf = (t: number) => Math.floor(t / 3600) * 3600;
const minuteCeil = (t: number) => Math.ceil(t / 60) * 60;

/**
 * Where a mergeable metric's series switches from lake cells to rollups: the first minute no
 * late event can reach (the window's start, rounded up), and not before the metric's rollups
 * are trusted. Minute cells of both sides merge, so the split needs no bucket boundary.
 */
export function lakeCellsSplit(metric: MetricDefinition, now: number, lateWindowSeconds: number): number {
  return Math.max(
    minuteCeil(now - lateWindowSeconds),
    minuteCeil(Date.parse(metric.updatedAt) / 1000 + rollupWarmUpSeconds),
  );
}

/** Adjacent ranges joined, so the lake query names as few as it can. */
function joinRanges(ranges: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const joined: { from: number; to: number }[] = [];
  for (const r of ranges) {
    const last = joined.at(-1);
    if (last && last.to === r.from) last.to = r.to;
    else joined.push({ ...r });
  }
  return joined;
}

const numberOrNull = (v: unknown): number | null =>
  v === null || v === undefined || v === '' ? null : Number(v);

function cellOf(metric: MetricDefinition, row: readonly unknown[]): LakeCell {
  const dims = metric.dimensions.map((_, i) => dimensionValue(row[1 + i]));
  const [n, s, mn, mx] = row.slice(1 + dims.length);
  return {
    minute: Number(row[0]),
    dims,
    cell: { count: Number(n ?? 0), sum: numberOrNull(s) ?? 0, min: numberOrNull(mn), max: numberOrNull(mx) },
  };
}

/** What one read of lake cells is about. */
export interface LakeCellsRequest {
  readonly metric: MetricDefinition;
  /** Minute-aligned epoch seconds, [from, to). */
  readonly range: { readonly from: number; readonly to: number };
  /** The tenant's tables, for a lake query (looked up only if one is needed); null: no dataset, no lake cells. */
  readonly scope: () => Promise<TenantTables | null>;
  /** Epoch seconds. */
  readonly now: number;
  /** The first minute the metric's rollups hold whole (epoch seconds); none: every minute from the lake. */
  readonly rollupsFrom?: number;
}

/** Minute cells of the metric, and from which minute of the range on the rollups answer instead. */
export interface LakeCellsAnswer {
  readonly cells: LakeCell[];
  /** Cells are of [range.from, until); the minutes of [until, range.to) are the rollups'. */
  readonly until: number;
}

/**
 * The earliest minute of `range` the rollups may answer for the lake cells, whatever the store
 * holds: in the hour the late-data window starts in, once the rollups are trusted.
 */
export function earliestRollupMinute(
  range: { from: number },
  now: number,
  lateWindowSeconds: number,
  rollupsFrom: number,
): number {
  return Math.max(range.from, hourOf(minuteCeil(now - lateWindowSeconds)), minuteCeil(rollupsFrom));
}

/** Minute cells of the metric in the range as the lake has them now, up to `until`. */
export async function lakeCells(request: LakeCellsRequest, deps: LakeCellsDeps): Promise<LakeCellsAnswer> {
  const { metric, range, now } = request;
  const ref = {
    tenantId: metric.tenantId,
    metricId: metric.metricId,
    version: metric.version,
    dataset: metric.dataset,
  };
  const { hours, asOf } = await deps.lakeCells.read(ref, hourOf(range.from), range.to);
  const kept = new Map(hours.map((h) => [h.hour, h]));
  const cells: LakeCell[] = [];
  const missing: { from: number; to: number; base: readonly LakeCell[] }[] = [];
  let until = range.to;
  for (let hour = hourOf(range.from); hour < range.to; hour += 3600) {
    const needed = Math.min(hour + 3600, range.to);
    const stored = kept.get(hour);
    const usable = stored && !stored.stale ? stored : undefined;
    if (usable) cells.push(...usable.cells);
    if (
      usable &&
      usable.completeUntil < needed &&
      rollupsAnswer(usable.completeUntil, request, deps.lateWindowSeconds)
    )
      until = usable.completeUntil;
    // A kept hour that ends short of what is needed is read on from where it ends.
    else if (!usable || usable.completeUntil < needed)
      missing.push({ from: usable?.completeUntil ?? hour, to: needed, base: usable?.cells ?? [] });
  }
  const lakeRange = { from: range.from, to: until };
  if (missing.length === 0) return { cells: inRange(cells, lakeRange), until };
  const scope = await request.scope();
  if (!scope) return { cells: [], until };
  const ranges = joinRanges(missing);
  const statement = deps.engine.prepare(lakeCellsSql({ spec: metric, ranges }), scope);
  const { rows } = await runToCompletion(deps.engine, statement, scope, {
    queryId: deps.newId(),
    maxRows: maxLakeCellRows,
    ...definedProps({ timeoutMs: deps.lakeTimeoutMs }),
  });
  const fresh = rows.map((row) => cellOf(metric, row));
  cells.push(...fresh);
  // Kept only once every lake writer knows the metric (its metric list lives 15 s), or a late
  // event could reach an hour without marking it.
  if (now >= Date.parse(metric.updatedAt) / 1000 + rollupWarmUpSeconds)
    await deps.lakeCells.write(ref, keptHours(missing, fresh, now, deps.lateWindowSeconds), asOf);
  return { cells: inRange(cells, lakeRange), until };
}

/** Whether the rollups may answer the rest of the range from `from`: only in its last hour, and once trusted. */
function rollupsAnswer(from: number, request: LakeCellsRequest, lateWindowSeconds: number): boolean {
  const { range, now, rollupsFrom } = request;
  return (
    rollupsFrom !== undefined && from >= earliestRollupMinute(range, now, lateWindowSeconds, rollupsFrom)
  );
}

const inRange = (cells: readonly LakeCell[], range: { from: number; to: number }) =>
  cells.filter((c) => c.minute >= range.from && c.minute < range.to);

/**
 * The computed hours worth keeping, each with what was kept of it before: their minutes up to
 * the window's start (later ones can still receive on-time events), unless too many cells.
 */
function keptHours(
  computed: readonly { from: number; to: number; base: readonly LakeCell[] }[],
  cells: readonly LakeCell[],
  now: number,
  lateWindowSeconds: number,
): LakeHour[] {
  const sealed = minuteCeil(now - lateWindowSeconds);
  return computed.flatMap(({ from, to, base }) => {
    const hour = hourOf(from);
    const completeUntil = Math.min(to, sealed);
    const added = cells.filter((c) => c.minute >= from && c.minute < completeUntil);
    const all = [...base, ...added];
    return completeUntil > from && all.length <= maxCellsPerHour ? [{ hour, completeUntil, cells: all }] : [];
  });
}
