/**
 * Where a series request's time goes, measured in the bench's own process against the same
 * stand-ins: the authorizer's handler, and the series use case with each port call timed.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { makeApiKeyAuthorizerHandler } from '../functions/tenancy/api-key-authorizer/api-key-authorizer';
import { definedProps } from '../shared/domain/defined-props';
import { cachedMetricCatalog } from '../shared/domain/metrics/cached-metric-catalog';
import { metricSeries, seriesQueryInput } from '../shared/domain/metrics/metric-series';
import type { QueryEngine } from '../shared/ports/query-engine';
import { apiKeyAuthorizerDeps } from '../shared/runtime/function-deps/api-key-authorizer';
import { seriesSources } from '../shared/runtime/metric-stores';
import type { Runtime } from '../shared/runtime/runtime';
import { percentileOf } from './bench-support';

/** Milliseconds per part, one entry per request. */
export type Timings = Map<string, number[]>;

const record = (timings: Timings, part: string, ms: number) => {
  const list = timings.get(part) ?? [];
  list.push(ms);
  timings.set(part, list);
};

/** The port with each listed method's calls timed under `part` (summed within one request). */
function timed<T extends object>(
  port: T,
  part: string,
  methods: readonly string[],
  current: Map<string, number>,
): T {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || !methods.includes(String(name))) return value;
      return async (...callArgs: unknown[]) => {
        const t0 = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, callArgs);
        } finally {
          current.set(part, (current.get(part) ?? 0) + performance.now() - t0);
        }
      };
    },
  });
}

/**
 * The engine with the wall time from each `start` to the end of that query's last `results`
 * page timed under `part`: what the port calls leave out, the waits between status checks.
 */
function wallTimed(engine: QueryEngine, part: string, current: Map<string, number>): QueryEngine {
  const startedAt = new Map<string, number>();
  return {
    ...definedProps({ firstPollMs: engine.firstPollMs }),
    prepare: (sql, scope) => engine.prepare(sql, scope),
    async start(queryId, statement, scope) {
      const t0 = performance.now();
      const executionId = await engine.start(queryId, statement, scope);
      startedAt.set(executionId, t0);
      return executionId;
    },
    status: (executionId) => engine.status(executionId),
    async results(executionId, nextToken, maxRows) {
      const page = await engine.results(executionId, nextToken, maxRows);
      const t0 = startedAt.get(executionId);
      if (t0 !== undefined && page.nextToken === undefined) {
        startedAt.delete(executionId);
        current.set(part, (current.get(part) ?? 0) + performance.now() - t0);
      }
      return page;
    },
  };
}

export function requestBreakdown(runtime: Runtime, apiKey: string) {
  const authorize = makeApiKeyAuthorizerHandler(apiKeyAuthorizerDeps(runtime));
  const current = new Map<string, number>();
  const sources = seriesSources(runtime);
  const deps = {
    ...sources,
    // As the metrics function has it: definitions kept a few seconds.
    metrics: cachedMetricCatalog(timed(sources.metrics, 'metric definition (Postgres)', ['find'], current)),
    datasets: timed(sources.datasets, 'dataset (Postgres)', ['find'], current),
    rollups: timed(sources.rollups, 'rollup Query (DynamoDB)', ['read'], current),
    lakeCells: timed(sources.lakeCells, 'kept lake cells (Postgres)', ['read', 'write'], current),
    engine: wallTimed(
      timed(sources.engine, 'lake query (DuckDB) port calls', ['start', 'status', 'results'], current),
      'lake query (DuckDB) start to rows, polling included',
      current,
    ),
    now: () => new Date(),
    newId: randomUUID,
  };
  const event = {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:000000000000:local/prod/GET/v1/metrics',
    headers: { 'x-api-key': apiKey },
    multiValueHeaders: { 'x-api-key': [apiKey] },
  } as unknown as APIGatewayRequestAuthorizerEvent;

  /** Times one request's parts into `timings`. */
  return async (tenantId: string, metricId: string, query: Record<string, string>, timings: Timings) => {
    current.clear();
    let t0 = performance.now();
    await authorize(event);
    record(timings, 'authorizer (Postgres + leased rate token)', performance.now() - t0);
    t0 = performance.now();
    await metricSeries(tenantId, metricId, seriesQueryInput.parse(query), deps);
    const total = performance.now() - t0;
    for (const [part, ms] of current) record(timings, part, ms);
    record(timings, 'series use case in all', total);
  };
}

export function describeTimings(timings: Timings): string {
  return [...timings]
    .map(
      ([part, ms]) =>
        `${part} p50 ${percentileOf(ms, 50).toFixed(1)} p95 ${percentileOf(ms, 95).toFixed(1)} max ${Math.max(...ms).toFixed(1)}`,
    )
    .join('; ');
}
