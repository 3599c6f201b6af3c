/**
 * Gathers what each content block of a report shows at one run time: a metric's value against
 * the previous period and its series, a query's rows (all of them, for the CSV), the anomalies
 * flagged since a span ago, a metric's forecast with 80/95% bands. Any failure fails the block.
 */
import type { AnomalyStore } from '../../ports/anomaly-store';
import type { ModelEndpoint } from '../../ports/model-endpoint';
import type { SqlParser } from '../../ports/sql-parser';
import type { ForecastPoint, SeriesChartInput } from '../charts/series-chart';
import { definedProps } from '../defined-props';
import { type Aggregation, aggregationFloor, type MetricDefinition } from '../metrics/metric-definition';
import { findMetric, metricSeries, type SeriesDeps } from '../metrics/metric-series';
import { type Interval, intervalSeconds } from '../metrics/time-buckets';
import type { TableCell } from '../notifications/email-document';
import { type QueryDeps, tenantTables } from '../query/run-query';
import { readRows, startAndWait } from '../query/run-to-completion';
import { checkSelectTree } from '../query/select-tree-guard';
import { guardSql } from '../query/sql-guard';
import type {
  AnomaliesBlock,
  ContentBlock,
  ForecastBlock,
  MetricBlock,
  QueryBlock,
} from './report-definition';
import { spanSeconds } from './report-definition';

export interface ReportContentDeps extends SeriesDeps, Pick<QueryDeps, 'catalog' | 'tenantLimits'> {
  readonly metrics: SeriesDeps['metrics'] & { list(tenantId: string): Promise<readonly MetricDefinition[]> };
  readonly parser: SqlParser | null;
  readonly anomalies: Pick<AnomalyStore, 'anomalies'>;
  readonly endpoint: ModelEndpoint;
}

/**
 * Rows a query block reads at most (for its CSV): ~100 result pages, some 10-20 MB of CSV held in
 * the runner's memory. A CSV too large to attach goes to the report-files bucket as a link.
 */
export const maxCsvRows = 100_000;
/** Flagged intervals listed at most. */
export const maxAnomalies = 20;

export type BlockContent =
  | {
      readonly type: 'metric';
      readonly title: string;
      readonly value: number | null;
      readonly previous?: number | null;
      readonly chart: SeriesChartInput;
    }
  | {
      readonly type: 'query';
      readonly title: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly TableCell[])[];
      readonly shown: number;
      readonly truncated: boolean;
    }
  | {
      readonly type: 'anomalies';
      readonly title: string;
      readonly since: string;
      readonly items: readonly {
        readonly metric: string;
        readonly t: string;
        readonly value: number;
        readonly score: number;
      }[];
      readonly total: number;
    }
  | { readonly type: 'forecast'; readonly title: string; readonly chart: SeriesChartInput };

/** The interval a span is shown at when the block names none (about 24 to 200 points). */
export function defaultInterval(span: string): Interval {
  const seconds = spanSeconds(span);
  if (seconds <= 6 * 3600) return '5m';
  if (seconds <= 8 * 86_400) return '1h';
  return '1d';
}

/** One value for a whole period: additive aggregations add up; the rest average their buckets. */
export function periodValue(aggregation: Aggregation, values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return aggregation === 'count' || aggregation === 'sum' ? 0 : null;
  switch (aggregation) {
    case 'count':
    case 'sum':
      return known.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...known);
    case 'max':
      return Math.max(...known);
    default:
      return known.reduce((a, b) => a + b, 0) / known.length;
  }
}

const cell = (v: unknown): TableCell =>
  v === null || v === undefined
    ? null
    : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'
      ? v
      : typeof v === 'bigint'
        ? Number(v)
        : v instanceof Date
          ? v.toISOString()
          : JSON.stringify(v);

async function series(
  tenantId: string,
  metricId: string,
  from: number,
  to: number,
  interval: Interval,
  timeZone: string,
  deps: ReportContentDeps,
) {
  return metricSeries(
    tenantId,
    metricId,
    { from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval, tz: timeZone },
    deps,
  );
}

async function metricContent(
  tenantId: string,
  block: MetricBlock,
  at: Date,
  timeZone: string,
  deps: ReportContentDeps,
): Promise<BlockContent> {
  const metric = await findMetric(tenantId, block.metricId, deps);
  const span = spanSeconds(block.range) * 1000;
  const interval = block.interval ?? defaultInterval(block.range);
  const to = at.getTime();
  const current = await series(tenantId, metric.metricId, to - span, to, interval, timeZone, deps);
  const value = periodValue(
    metric.aggregation,
    current.points.map((p) => p.value),
  );
  let previous: number | null | undefined;
  if (block.compare === 'previousPeriod') {
    const before = await series(
      tenantId,
      metric.metricId,
      to - 2 * span,
      to - span,
      interval,
      timeZone,
      deps,
    );
    previous = periodValue(
      metric.aggregation,
      before.points.map((p) => p.value),
    );
  }
  const title = block.title ?? `${metric.name} · last ${block.range}`;
  return {
    type: 'metric',
    title,
    value,
    ...definedProps({ previous }),
    chart: { valueLabel: metric.name, points: current.points, timeZone, height: 200 },
  };
}

async function queryContent(
  tenantId: string,
  block: QueryBlock,
  deps: ReportContentDeps,
): Promise<BlockContent> {
  const checked = guardSql(block.sql);
  const scope = await tenantTables(tenantId, deps);
  const statement = deps.engine.prepare(checked, scope);
  if (deps.parser) checkSelectTree(await deps.parser.parse(statement), scope.tables.keys());
  const executionId = await startAndWait(deps.engine, statement, scope, {
    queryId: deps.newId(),
    timeoutMs: deps.lakeTimeoutMs,
    firstPollMs: 50,
    maxPollMs: 1000,
  });
  const result = await readRows(deps.engine, executionId, maxCsvRows);
  return {
    type: 'query',
    title: block.title ?? 'Query result',
    columns: result.columns.map((c) => c.name),
    rows: result.rows.map((r) => r.map(cell)),
    shown: block.maxRows,
    truncated: result.truncated,
  };
}

async function anomaliesContent(
  tenantId: string,
  block: AnomaliesBlock,
  at: Date,
  deps: ReportContentDeps,
): Promise<BlockContent> {
  const all = await deps.metrics.list(tenantId);
  const wanted = block.metricIds ? all.filter((m) => block.metricIds?.includes(m.metricId)) : all;
  const from = new Date(at.getTime() - spanSeconds(block.since) * 1000).toISOString();
  const items = (
    await Promise.all(
      wanted.map(async (m) =>
        (
          await deps.anomalies.anomalies(tenantId, m.metricId, from, at.toISOString())
        ).map((a) => ({
          metric: `${m.name} (${a.interval})`,
          t: a.t,
          value: a.value,
          score: a.score,
        })),
      ),
    )
  )
    .flat()
    .sort((a, b) => b.score - a.score || b.t.localeCompare(a.t));
  return {
    type: 'anomalies',
    title: block.title ?? `Anomalies in the last ${block.since}`,
    since: from,
    items: items.slice(0, maxAnomalies),
    total: items.length,
  };
}

async function forecastContent(
  tenantId: string,
  block: ForecastBlock,
  at: Date,
  timeZone: string,
  deps: ReportContentDeps,
): Promise<BlockContent> {
  const metric = await findMetric(tenantId, block.metricId, deps);
  const interval = block.interval ?? defaultInterval(block.horizon);
  const step = intervalSeconds[interval] * 1000;
  const horizon = Math.min(1000, Math.max(1, Math.round((spanSeconds(block.horizon) * 1000) / step)));
  // Four horizons of history (at least two days of it), for the forecaster to find a cycle in.
  const history = Math.min(Math.max(4 * horizon * step, 2 * 86_400_000), 2000 * step);
  const to = at.getTime();
  const past = await series(tenantId, metric.metricId, to - history, to, interval, timeZone, deps);
  const points = past.points.filter((p): p is { t: string; value: number } => p.value !== null);
  if (points.length < 3) throw new Error(`${metric.name} has too little data to forecast`);
  const invocation = await deps.endpoint.invoke(
    {
      operation: 'forecast',
      options: { horizon, levels: [80, 95] },
      // The metric id keys the caller-side A/B split: a metric's forecasts stay on one variant.
      series: [{ id: metric.metricId, points: points.map((p) => ({ timestamp: p.t, value: p.value })) }],
    },
    { tenantId },
  );
  const outcome = invocation.response.results[0];
  if (outcome?.status !== 'ok' || invocation.response.operation !== 'forecast')
    throw new Error(
      `forecast of ${metric.name} failed: ${outcome?.status === 'error' ? outcome.error.message : 'no result'}`,
    );
  const result = outcome.result as {
    mean: readonly number[];
    intervals: readonly { level: number; lower: readonly number[]; upper: readonly number[] }[];
  };
  const band = (level: number) => result.intervals.find((i) => i.level === level);
  const b80 = band(80);
  const b95 = band(95);
  const last = Date.parse(past.points[past.points.length - 1]?.t ?? new Date(to).toISOString());
  const forecast: ForecastPoint[] = result.mean.map((mean, k) => ({
    t: last + (k + 1) * step,
    mean,
    lower80: b80?.lower[k] ?? mean,
    upper80: b80?.upper[k] ?? mean,
    lower95: b95?.lower[k] ?? mean,
    upper95: b95?.upper[k] ?? mean,
  }));
  return {
    type: 'forecast',
    title: block.title ?? `${metric.name} · forecast for the next ${block.horizon}`,
    chart: {
      valueLabel: metric.name,
      points: past.points,
      forecast,
      timeZone,
      height: 220,
      ...definedProps({ floor: aggregationFloor(metric.aggregation) }),
    },
  };
}

/** The content of one block at `at`, read in the report's zone. */
export function blockContent(
  tenantId: string,
  block: ContentBlock,
  at: Date,
  timeZone: string,
  deps: ReportContentDeps,
): Promise<BlockContent> {
  switch (block.type) {
    case 'metric':
      return metricContent(tenantId, block, at, timeZone, deps);
    case 'query':
      return queryContent(tenantId, block, deps);
    case 'anomalies':
      return anomaliesContent(tenantId, block, at, deps);
    case 'forecast':
      return forecastContent(tenantId, block, at, timeZone, deps);
  }
}
