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
 * Columns: `b` bucket key, `g` group value (VARCHAR), `total` 1 on the rows without a group,
 * `n` events or values, `s` sum, `mn`, `mx`, `v` distinct count or percentile. The inner query
 * names its columns `nexus_*`, so no dataset field can shadow them.
 */
export function seriesSql(request: SeriesSqlRequest): string {
  const { spec, interval, segments, groupBy, dialect } = request;
  const time = quoteIdent(spec.timeField);
  const epoch = `date_diff('second', TIMESTAMP '1970-01-01 00:00:00', ${time})`;
  const field = spec.field ? quoteIdent(spec.field) : undefined;
  const value = !field
    ? 'CAST(NULL AS DOUBLE)'
    : spec.aggregation === 'distinct'
      ? `CAST(${field} AS VARCHAR)`
      : `CAST(${field} AS DOUBLE)`;
  const where = [
    `${time} >= ${timestampLiteral(request.from)}`,
    `${time} < ${timestampLiteral(request.to)}`,
    ...(field ? [`${field} IS NOT NULL`] : []),
    ...spec.filter.map((f) => filterSql(f, new Set([spec.timeField]))),
  ];
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
