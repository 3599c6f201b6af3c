/**
 * Use case: a metric's series. Buckets that lie wholly inside the late-data window (and after
 * the metric's rollups started) come from the real-time rollups; every earlier bucket comes
 * from the lake. The split is on a bucket boundary, so no bucket is read from both sides and
 * nothing is counted twice; empty count, sum and distinct buckets are 0. Mergeable metrics read
 * the lake half as minute cells kept per closed hour (lake-cells.ts); percentiles and distinct
 * counts, whose lake answer is not mergeable, query the lake per request.
 */
import * as z from 'zod';
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { LakeCellStore } from '../../ports/lake-cell-store';
import type { MetricCatalog } from '../../ports/metric-catalog';
import type { QueryEngine, TenantTables } from '../../ports/query-engine';
import type { RollupStore } from '../../ports/rollup-store';
import { definedProps } from '../defined-props';
import { NotFoundError, ValidationError } from '../errors';
import { runToCompletion } from '../query/run-to-completion';
import {
  earliestRollupMinute,
  isMergeable,
  type LakeCellsAnswer,
  lakeCells,
  lakeCellsSplit,
} from './lake-cells';
import type { MetricDefinition } from './metric-definition';
import { dimensionValue } from './rollup-batch';
import { cellValue, mergeCells, type RollupCell } from './rollup-cell';
import { rollupWarmUpSeconds } from './rollup-hook';
import { type LakeDialect, seriesSql } from './series-sql';
import {
  bucketCeil,
  bucketStart,
  bucketStarts,
  checkTimeZone,
  dayStart,
  type Interval,
  intervals,
  offsetSegments,
} from './time-buckets';

/** Longest series one request may ask for. */
export const maxPoints = 10_000;
/** Groups returned at most, by key order. */
export const maxGroups = 100;

export const seriesQueryInput = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  interval: z.enum(intervals).default('1h'),
  groupBy: z.string().max(63).optional(),
  tz: z.string().max(64).default('UTC'),
});
export type SeriesQuery = z.infer<typeof seriesQueryInput>;

export interface SeriesPoint {
  readonly t: string;
  readonly value: number | null;
}

export interface MetricSeries {
  readonly metricId: string;
  readonly interval: Interval;
  readonly tz: string;
  readonly points: readonly SeriesPoint[];
  readonly groups?: readonly { readonly key: string | null; readonly points: readonly SeriesPoint[] }[];
}

export interface SeriesDeps {
  readonly metrics: Pick<MetricCatalog, 'find'>;
  readonly datasets: Pick<DatasetCatalog, 'find'>;
  readonly engine: QueryEngine;
  readonly dialect: LakeDialect;
  readonly rollups: RollupStore;
  readonly lateWindowSeconds: number;
  readonly now: () => Date;
  readonly newId: () => string;
  /** @default 25_000 */
  readonly lakeTimeoutMs?: number;
  /** Lake cells of closed hours kept between requests; without it every request reads the lake. */
  readonly lakeCells?: LakeCellStore;
}

/** Per bucket start: the totals' value, and each group's. */
export interface Buckets {
  readonly total: Map<number, number | null>;
  readonly groups: Map<string | null, Map<number, number | null>>;
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError('INVALID_SERIES_QUERY', message, [{ path, message }]);
}

export async function findMetric(tenantId: string, metricId: string, deps: Pick<SeriesDeps, 'metrics'>) {
  const metric = z.uuid().safeParse(metricId).success ? await deps.metrics.find(tenantId, metricId) : null;
  if (!metric) throw new NotFoundError('METRIC_NOT_FOUND', `Metric ${metricId} does not exist`);
  return metric;
}

export async function metricSeries(
  tenantId: string,
  metricId: string,
  query: SeriesQuery,
  deps: SeriesDeps,
): Promise<MetricSeries> {
  const metric = await findMetric(tenantId, metricId, deps);
  const tz = checkTimeZone(query.tz);
  const from = Date.parse(query.from) / 1000;
  const to = Date.parse(query.to) / 1000;
  if (!(from < to)) throw invalid('to', 'to must be after from');
  if (query.groupBy !== undefined && !metric.dimensions.includes(query.groupBy))
    throw invalid(
      'groupBy',
      `groupBy must be one of the metric's dimensions (${metric.dimensions.join(', ') || 'none'})`,
    );
  const approxPoints = (to - from) / { '1m': 60, '5m': 300, '1h': 3600, '1d': 82800 }[query.interval];
  if (approxPoints > maxPoints) throw invalid('from', `at most ${maxPoints} points per series`);

  const starts = bucketStarts(from, to, query.interval, tz);
  const first = starts[0] ?? bucketStart(from, query.interval, tz);
  const end = bucketCeil(to, query.interval, tz);
  const now = deps.now().getTime() / 1000;
  const rollupsFrom = Date.parse(metric.updatedAt) / 1000 + rollupWarmUpSeconds;
  const useLakeCells = deps.lakeCells !== undefined && isMergeable(metric.aggregation);
  // Minute cells merge across the split; the lake's own buckets (sketch metrics) cannot.
  const split = useLakeCells
    ? lakeCellsSplit(metric, now, deps.lateWindowSeconds)
    : Math.max(
        bucketCeil(now - deps.lateWindowSeconds, query.interval, tz),
        bucketCeil(rollupsFrom, query.interval, tz),
      );

  const buckets: Buckets = { total: new Map(), groups: new Map() };
  const lake = { from: first, to: Math.min(split, end) };
  // The two halves are independent reads; without the dataset the lake buckets stay empty.
  const readLakeHalf = async (): Promise<LakeCellsAnswer> => {
    if (lake.from >= lake.to) return { cells: [], until: lake.to };
    const scope = () => tenantScope(tenantId, metric, deps);
    if (useLakeCells && deps.lakeCells)
      return lakeCells(
        { metric, range: lake, scope, now, rollupsFrom },
        { ...deps, lakeCells: deps.lakeCells },
      );
    const tables = await scope();
    if (tables) await readLake(metric, lake, query, tz, tables, buckets, deps);
    return { cells: [], until: lake.to };
  };
  // The lake cells may hand the last minutes of their range to the rollups, so those are read too.
  const rollupFrom = Math.max(
    useLakeCells && lake.from < lake.to
      ? Math.min(split, earliestRollupMinute(lake, now, deps.lateWindowSeconds, rollupsFrom))
      : split,
    first,
  );
  const [lakeHalf, rollupHalf] = await Promise.all([
    readLakeHalf(),
    rollupFrom < end ? deps.rollups.read(tenantId, metric.metricId, metric.version, rollupFrom, end) : [],
  ]);
  const rollupsUntil = Math.max(lakeHalf.until, first);
  const rollupCells = rollupHalf.filter((c) => c.minute >= rollupsUntil);
  foldCells([...lakeHalf.cells, ...rollupCells], starts, end, metric, query, buckets);

  const pointsOf = (values: Map<number, number | null>): SeriesPoint[] =>
    starts.map((t) => ({
      t: new Date(t * 1000).toISOString(),
      value: values.has(t) ? (values.get(t) ?? null) : emptyValue(metric),
    }));
  const series: MetricSeries = { metricId, interval: query.interval, tz, points: pointsOf(buckets.total) };
  if (query.groupBy === undefined) return series;
  const keys = [...buckets.groups.keys()]
    .sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .slice(0, maxGroups);
  return {
    ...series,
    groups: keys.map((key) => ({ key, points: pointsOf(buckets.groups.get(key) ?? new Map()) })),
  };
}

function emptyValue(metric: MetricDefinition): number | null {
  return cellValue(undefined, metric.aggregation);
}

function setValue(buckets: Buckets, group: string | null | undefined, t: number, value: number | null): void {
  if (group === undefined) {
    buckets.total.set(t, value);
    return;
  }
  let values = buckets.groups.get(group);
  if (!values) {
    values = new Map();
    buckets.groups.set(group, values);
  }
  values.set(t, value);
}

const numberOrNull = (v: unknown): number | null =>
  v === null || v === undefined || v === '' ? null : Number(v);

function lakeValue(metric: MetricDefinition, row: readonly unknown[]): number | null {
  const [, , , n, s, mn, mx, v] = row;
  const count = Number(n ?? 0);
  switch (metric.aggregation) {
    case 'count':
      return count;
    case 'sum':
      return numberOrNull(s) ?? 0;
    case 'avg': {
      const sum = numberOrNull(s);
      return sum === null || count === 0 ? null : sum / count;
    }
    case 'min':
      return numberOrNull(mn);
    case 'max':
      return numberOrNull(mx);
    default:
      return numberOrNull(v);
  }
}

async function tenantScope(
  tenantId: string,
  metric: MetricDefinition,
  deps: Pick<SeriesDeps, 'datasets'>,
): Promise<TenantTables | null> {
  const dataset = await deps.datasets.find(tenantId, metric.dataset);
  if (!dataset) return null;
  return {
    tenantId,
    tables: new Map([[dataset.dataset, dataset.fields.map((f) => ({ name: f.name, type: f.type }))]]),
  };
}

/** The lake half of a metric that is not mergeable: one query, bucketed by the engine. */
async function readLake(
  metric: MetricDefinition,
  range: { from: number; to: number },
  query: SeriesQuery,
  tz: string,
  scope: TenantTables,
  buckets: Buckets,
  deps: SeriesDeps,
): Promise<void> {
  const sql = seriesSql({
    spec: metric,
    from: range.from,
    to: range.to,
    interval: query.interval,
    segments: offsetSegments(range.from, range.to, tz),
    ...definedProps({ groupBy: query.groupBy }),
    dialect: deps.dialect,
  });
  // prepare adds what the engine needs to scope the statement to the tenant (Athena's tenant CTEs).
  const { rows } = await runToCompletion(deps.engine, deps.engine.prepare(sql, scope), scope, {
    queryId: deps.newId(),
    // A row per bucket and group, plus the totals.
    maxRows: maxPoints * (maxGroups + 1) + 1,
    ...definedProps({ timeoutMs: deps.lakeTimeoutMs }),
  });
  for (const row of rows) {
    const key = Number(row[0]);
    const t = query.interval === '1d' ? dayStart(key, tz) : key;
    const isTotal = Number(row[2]) === 1;
    const value = lakeValue(metric, row);
    if (isTotal) setValue(buckets, undefined, t, value);
    if (query.groupBy !== undefined && !isTotal) setValue(buckets, dimensionValue(row[1]), t, value);
  }
}

/** Index of the bucket holding `t` (the last start at or before it), or -1 before the first. */
function bucketIndex(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || t < (starts[0] as number)) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Merges minute cells (from the rollups and the kept lake hours) into the series' buckets. Each
 * cell finds its bucket by a binary search over the bucket starts, which already carry the
 * zone's offsets, so no cell needs a time zone lookup of its own.
 */
function foldCells(
  cells: readonly { minute: number; dims: readonly (string | null)[]; cell: RollupCell }[],
  starts: readonly number[],
  end: number,
  metric: MetricDefinition,
  query: SeriesQuery,
  buckets: Buckets,
): void {
  const dimIndex = query.groupBy === undefined ? -1 : metric.dimensions.indexOf(query.groupBy);
  const totals = new Map<number, RollupCell>();
  const groups = new Map<string | null, Map<number, RollupCell>>();
  const fold = (into: Map<number, RollupCell>, t: number, cell: RollupCell) => {
    const existing = into.get(t);
    if (existing) mergeCells(existing, cell);
    else {
      const copy: RollupCell = { count: 0, sum: 0, min: null, max: null };
      mergeCells(copy, cell);
      into.set(t, copy);
    }
  };
  for (const stored of cells) {
    if (stored.minute >= end) continue;
    const index = bucketIndex(starts, stored.minute);
    if (index < 0) continue;
    const t = starts[index] as number;
    fold(totals, t, stored.cell);
    if (dimIndex >= 0) {
      const key = stored.dims[dimIndex] ?? null;
      let group = groups.get(key);
      if (!group) {
        group = new Map();
        groups.set(key, group);
      }
      fold(group, t, stored.cell);
    }
  }
  for (const [t, cell] of totals) setValue(buckets, undefined, t, cellValue(cell, metric.aggregation));
  for (const [key, group] of groups)
    for (const [t, cell] of group) setValue(buckets, key, t, cellValue(cell, metric.aggregation));
}
