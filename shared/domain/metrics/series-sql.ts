/**
 * The lake half of a series: one SELECT over the metric's dataset that returns, per bucket (and
 * per group value), what the bucket's value needs. It runs through the QueryEngine port with the
 * tenant's scope, like a tenant's own query, so it reads that tenant's rows only. Time zones are
 * resolved here, as constant-offset segments, so the engine needs no zone database.
 */
import type { Aggregation, MetricFilter, MetricSpec } from './metric-definition';
import { isPercentile } from './rollup-cell';
import { type Interval, intervalSeconds, type OffsetSegment } from './time-buckets';

/** SQL dialect of the lake engine: DuckDB locally, Trino (Athena) in AWS. */
export type LakeDialect = 'duckdb' | 'trino';

export interface SeriesSqlRequest {
  readonly spec: MetricSpec;
  /** Epoch seconds, inclusive. */
  readonly from: number;
  /** Epoch seconds, exclusive. */
  readonly to: number;
  readonly interval: Interval;
  readonly segments: readonly OffsetSegment[];
  readonly groupBy?: string;
  readonly dialect: LakeDialect;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** `TIMESTAMP 'yyyy-mm-dd hh:mm:ss.sss'` in UTC: lake timestamps are naive UTC in both engines. */
function timestampLiteral(epochSeconds: number): string {
  return `TIMESTAMP '${new Date(epochSeconds * 1000).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

function literal(value: string | number | boolean, timestamp: boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('filter values are finite numbers');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return timestamp ? timestampLiteral(Date.parse(value) / 1000) : quoteString(value);
}

const comparison: Record<Exclude<MetricFilter['op'], 'in'>, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/** One filter as SQL: NULLs never match (as in the rollups), `neq` included. */
export function filterSql(filter: MetricFilter, timestampFields: ReadonlySet<string>): string {
  const column = quoteIdent(filter.field);
  const isTimestamp = timestampFields.has(filter.field);
  if (filter.op === 'in') {
    const values = Array.isArray(filter.value) ? filter.value : [filter.value];
    return `${column} IN (${values.map((v) => literal(v, isTimestamp)).join(', ')})`;
  }
  const value = Array.isArray(filter.value) ? filter.value[0] : filter.value;
  if (value === undefined) throw new Error('a filter needs a value');
  return `${column} ${comparison[filter.op]} ${literal(value, isTimestamp)}`;
}

/** The zone's offset at the event's instant, as SQL: a CASE over the constant-offset segments. */
function offsetSql(epoch: string, segments: readonly OffsetSegment[]): string {
  const [first, ...rest] = segments;
  if (!first) return '0';
  if (rest.length === 0) return String(first.offset);
  const cases = rest.map((s, i) => `WHEN ${epoch} < ${s.since} THEN ${segments[i]?.offset ?? 0}`).join(' ');
  return `CASE ${cases} ELSE ${rest[rest.length - 1]?.offset ?? 0} END`;
}

/**
 * Bucket key of an event: for sub-day intervals the UTC start of its local-clock bucket (epoch
 * seconds); for days the local date as days since 1970-01-01 (time-buckets' `dayStart` turns it
 * into the instant of local midnight).
 */
function bucketSql(epoch: string, interval: Interval, segments: readonly OffsetSegment[]): string {
  const offset = offsetSql(epoch, segments);
  if (interval === '1d') return `floor((${epoch} + ${offset}) / 86400)`;
  const width = intervalSeconds[interval];
  return `(floor((${epoch} + ${offset}) / ${width}) * ${width} - (${offset}))`;
}

const quantileOf = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

function valueSql(aggregation: Aggregation, dialect: LakeDialect): string {
  if (aggregation === 'distinct') return 'count(DISTINCT nexus_value)';
  if (!isPercentile(aggregation)) return 'NULL';
  const q = quantileOf[aggregation];
  return dialect === 'duckdb' ? `quantile_cont(nexus_value, ${q})` : `approx_percentile(nexus_value, ${q})`;
}

/**
 * Conditions every lake read of the metric shares: its filters and the time ranges. No partition
 * pruning: partitions are by arrival time, and ingest does not bound how far ahead of its arrival
 * an event may be stamped, so any partition may hold an event of any range.
 */
function whereSql(spec: MetricSpec, ranges: readonly { from: number; to: number }[]): string[] {
  const time = quoteIdent(spec.timeField);
  const field = spec.field ? quoteIdent(spec.field) : undefined;
  const inRange = ranges.map(
    (r) => `(${time} >= ${timestampLiteral(r.from)} AND ${time} < ${timestampLiteral(r.to)})`,
  );
  return [
    inRange.length === 1 ? (inRange[0] as string) : `(${inRange.join(' OR ')})`,
    ...(field ? [`${field} IS NOT NULL`] : []),
    ...spec.filter.map((f) => filterSql(f, new Set([spec.timeField]))),
  ];
}

export interface LakeCellsSqlRequest {
  readonly spec: MetricSpec;
  /** Disjoint epoch-second ranges [from, to), minute-aligned. */
  readonly ranges: readonly { from: number; to: number }[];
}

/**
 * Minute cells of a mergeable metric (count, sum, avg, min, max) over some ranges: columns `m`
 * minute start (epoch seconds), `d0`.. the dimensions (VARCHAR), `n`, `s`, `mn`, `mx`. Minute
 * cells merge into any interval in any zone, exactly, so the caller can keep them.
 */
export function lakeCellsSql(request: LakeCellsSqlRequest): string {
  const { spec } = request;
  const epoch = `date_diff('second', TIMESTAMP '1970-01-01 00:00:00', ${quoteIdent(spec.timeField)})`;
  const field = spec.field ? quoteIdent(spec.field) : undefined;
  const value = field ? `CAST(${field} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
  const dims = spec.dimensions.map((d, i) => `CAST(${quoteIdent(d)} AS VARCHAR) AS nexus_d${i}`);
  const inner = `SELECT floor(${epoch} / 60) * 60 AS nexus_minute, ${[...dims, `${value} AS nexus_value`].join(', ')} FROM ${quoteIdent(spec.dataset)} WHERE ${whereSql(spec, request.ranges).join(' AND ')}`;
  const keys = ['nexus_minute', ...spec.dimensions.map((_, i) => `nexus_d${i}`)];
  const columns = [
    'nexus_minute AS m',
    ...spec.dimensions.map((_, i) => `nexus_d${i} AS d${i}`),
    'count(*) AS n',
    field ? 'sum(nexus_value) AS s' : 'NULL AS s',
    field ? 'min(nexus_value) AS mn' : 'NULL AS mn',
    field ? 'max(nexus_value) AS mx' : 'NULL AS mx',
  ];
  return `SELECT ${columns.join(', ')} FROM (${inner}) AS e GROUP BY ${keys.join(', ')}`;
}

/**
 * Columns: `b` bucket key, `g` group value (VARCHAR), `total` 1 on the rows without a group,
 * `n` events or values, `s` sum, `mn`, `mx`, `v` distinct count or percentile. The inner query
 * names its columns `nexus_*`, so no dataset field can shadow them.
 */
export function seriesSql(request: SeriesSqlRequest): string {
  const { spec, interval, segments, groupBy, dialect } = request;
  const epoch = `date_diff('second', TIMESTAMP '1970-01-01 00:00:00', ${quoteIdent(spec.timeField)})`;
  const field = spec.field ? quoteIdent(spec.field) : undefined;
  const value = !field
    ? 'CAST(NULL AS DOUBLE)'
    : spec.aggregation === 'distinct'
      ? `CAST(${field} AS VARCHAR)`
      : `CAST(${field} AS DOUBLE)`;
  const where = whereSql(spec, [{ from: request.from, to: request.to }]);
  const group = groupBy ? `CAST(${quoteIdent(groupBy)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
  const inner = `SELECT ${bucketSql(epoch, interval, segments)} AS nexus_bucket, ${group} AS nexus_group, ${value} AS nexus_value FROM ${quoteIdent(spec.dataset)} WHERE ${where.join(' AND ')}`;
  const numeric = field && spec.aggregation !== 'distinct';
  const columns = [
    'nexus_bucket AS b',
    'nexus_group AS g',
    groupBy ? 'CASE WHEN grouping(nexus_group) = 1 THEN 1 ELSE 0 END AS total' : '1 AS total',
    'count(*) AS n',
    numeric ? 'sum(nexus_value) AS s' : 'NULL AS s',
    numeric ? 'min(nexus_value) AS mn' : 'NULL AS mn',
    numeric ? 'max(nexus_value) AS mx' : 'NULL AS mx',
    `${valueSql(spec.aggregation, dialect)} AS v`,
  ];
  const grouping = groupBy
    ? 'GROUP BY GROUPING SETS ((nexus_bucket, nexus_group), (nexus_bucket))'
    : 'GROUP BY nexus_bucket, nexus_group';
  return `SELECT ${columns.join(', ')} FROM (${inner}) AS e ${grouping}`;
}
