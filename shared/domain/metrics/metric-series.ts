/**
 * Use case: a metric's series. Buckets that lie wholly inside the late-data window (and after
 * the metric's rollups started) come from the real-time rollups; every earlier bucket comes
 * from the lake. The split is on a bucket boundary, so no bucket is read from both sides and
 * nothing is counted twice; empty count, sum and distinct buckets are 0.
 */
import * as z from 'zod';
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { MetricCatalog } from '../../ports/metric-catalog';
import type { QueryEngine, QueryPage } from '../../ports/query-engine';
import type { RollupStore } from '../../ports/rollup-store';
import { NotFoundError, ValidationError } from '../errors';
import type { MetricDefinition } from './metric-definition';
import { dimensionValue } from './rollup-batch';
import { cellValue, mergeCells, type RollupCell } from './rollup-cell';
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
/**
 * Rollups of a metric version are trusted from this long after it was defined: by then every
 * lake writer has seen the definition (its cache lives 15 s), and an event stamped up to a
 * minute ahead of the clock (the most the rollups take) was processed after that. Until then,
 * and for anything older, the lake answers, so a new metric's series is complete at once.
 */
export const rollupWarmUpSeconds = 90;

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
  /** Keeps the lake half of recent series for a short while (per container). */
  readonly lakeCache?: LakeSeriesCache;
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
  const split = Math.max(
    bucketCeil(now - deps.lateWindowSeconds, query.interval, tz),
    bucketCeil(rollupsFrom, query.interval, tz),
  );

  const buckets: Buckets = { total: new Map(), groups: new Map() };
  if (first < Math.min(split, end))
    await readLakeCached(
      tenantId,
      metric,
      { from: first, to: Math.min(split, end) },
      query,
      tz,
      buckets,
      deps,
    );
  if (Math.max(split, first) < end)
    await readRollups(tenantId, metric, { from: Math.max(split, first), to: end }, query, tz, buckets, deps);

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readLake(
  tenantId: string,
  metric: MetricDefinition,
  range: { from: number; to: number },
  query: SeriesQuery,
  tz: string,
  buckets: Buckets,
  deps: SeriesDeps,
): Promise<void> {
  const dataset = await deps.datasets.find(tenantId, metric.dataset);
  if (!dataset) return; // The dataset is gone: its buckets stay empty.
  const sql = seriesSql({
    spec: metric,
    from: range.from,
    to: range.to,
    interval: query.interval,
    segments: offsetSegments(range.from, range.to, tz),
    ...(query.groupBy !== undefined ? { groupBy: query.groupBy } : {}),
    dialect: deps.dialect,
  });
  const scope = {
    tenantId,
    tables: new Map([[dataset.dataset, dataset.fields.map((f) => ({ name: f.name, type: f.type }))]]),
  };
  // prepare adds what the engine needs to scope the statement to the tenant (Athena's tenant CTEs).
  const executionId = await deps.engine.start(deps.newId(), deps.engine.prepare(sql, scope), scope);
  const deadline = Date.now() + (deps.lakeTimeoutMs ?? 25_000);
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    const { status, error } = await deps.engine.status(executionId);
    if (status === 'SUCCEEDED') break;
    if (status === 'FAILED' || status === 'CANCELLED')
      throw new Error(`series query ${status}: ${error?.message ?? ''}`);
    if (Date.now() > deadline) throw new Error('series query timed out');
    await sleep(wait);
  }
  let token: string | undefined;
  do {
    const page: QueryPage = await deps.engine.results(executionId, token, 1000);
    for (const row of page.rows) {
      const key = Number(row[0]);
      const t = query.interval === '1d' ? dayStart(key, tz) : key;
      const isTotal = Number(row[2]) === 1;
      const value = lakeValue(metric, row);
      if (isTotal) setValue(buckets, undefined, t, value);
      if (query.groupBy !== undefined && !isTotal) setValue(buckets, dimensionValue(row[1]), t, value);
    }
    token = page.nextToken;
  } while (token);
}

/**
 * The lake half of recent series, per container, for `ttlMs`: a dashboard refreshing a series
 * then costs the lake only the buckets that closed since. Lake buckets are older than the
 * late-data window, so only events later than that change them, and those show within the TTL.
 */
export class LakeSeriesCache {
  private readonly entries = new Map<
    string,
    { from: number; to: number; fetchedAt: number; buckets: Buckets }
  >();

  constructor(
    readonly ttlMs = 60_000,
    private readonly maxEntries = 500,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A fresh entry covering from `from`, or null. */
  lookup(key: string, from: number) {
    const entry = this.entries.get(key);
    if (!entry || this.clock() - entry.fetchedAt > this.ttlMs || entry.from > from) return null;
    return entry;
  }

  store(key: string, entry: { from: number; to: number; buckets: Buckets }) {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { ...entry, fetchedAt: this.clock() });
  }
}

function copyRange(from: Buckets, into: Buckets, range: { from: number; to: number }): void {
  const copy = (source: Map<number, number | null>, group: string | null | undefined) => {
    for (const [t, value] of source) if (t >= range.from && t < range.to) setValue(into, group, t, value);
  };
  copy(from.total, undefined);
  for (const [group, values] of from.groups) copy(values, group);
}

async function readLakeCached(
  tenantId: string,
  metric: MetricDefinition,
  range: { from: number; to: number },
  query: SeriesQuery,
  tz: string,
  buckets: Buckets,
  deps: SeriesDeps,
): Promise<void> {
  const cache = deps.lakeCache;
  if (!cache) return readLake(tenantId, metric, range, query, tz, buckets, deps);
  const key = [tenantId, metric.metricId, metric.version, query.interval, tz, query.groupBy ?? ''].join('|');
  const entry = cache.lookup(key, range.from);
  if (entry && entry.to >= range.to) {
    copyRange(entry.buckets, buckets, range);
    return;
  }
  if (entry && entry.to > range.from) {
    // Only the buckets that closed since the entry was filled.
    await readLake(tenantId, metric, { from: entry.to, to: range.to }, query, tz, entry.buckets, deps);
    entry.to = range.to;
    copyRange(entry.buckets, buckets, range);
    return;
  }
  const fetched: Buckets = { total: new Map(), groups: new Map() };
  await readLake(tenantId, metric, range, query, tz, fetched, deps);
  cache.store(key, { ...range, buckets: fetched });
  copyRange(fetched, buckets, range);
}

async function readRollups(
  tenantId: string,
  metric: MetricDefinition,
  range: { from: number; to: number },
  query: SeriesQuery,
  tz: string,
  buckets: Buckets,
  deps: SeriesDeps,
): Promise<void> {
  const cells = await deps.rollups.read(tenantId, metric.metricId, metric.version, range.from, range.to);
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
    const t = bucketStart(stored.minute, query.interval, tz);
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
