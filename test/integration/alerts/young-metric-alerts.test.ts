/**
 * Alert rules and the anomaly scorer over a YOUNG metric, on the real stand-ins (Postgres,
 * dynalite, s3rver, DuckDB) through the functions' own deps factories (`seriesSources`): three
 * hours of events with past timestamps reach the lake before the metric is defined, so its first
 * hours come from the lake (kept lake cells) and its recent minutes from the DynamoDB rollups.
 * The evaluator sees what GET /v1/metrics/{id}/series answers for the same intervals, stitched
 * without double counting; a threshold rule fires once at 1m and once at 1h and does not fire
 * again; a scorer restarted from its checkpoint judges the next minute with the window kept in
 * it while the lake is unavailable; a second tenant's events and rules never reach the first's.
 *
 * The clock is the test's: the catalog stamps a definition with the database's clock, so each
 * metric's definition is moved to the test's time (as if it had been defined then).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlertEvaluatorHandler } from '../../../functions/alerts/alert-evaluator/alert-evaluator';
import { makeAlertsHandler } from '../../../functions/alerts/alerts/alerts';
import { makeLakeWriterHandler } from '../../../functions/lake/lake-writer/lake-writer';
import { makeMetricAnomaliesHandler } from '../../../functions/metrics/metric-anomalies/metric-anomalies';
import { makeMetricsHandler } from '../../../functions/metrics/metrics/metrics';
import { bucketNames, tables } from '../../../infra/local/resources';
import type { AlertDeliveryPayload } from '../../../shared/domain/alerts/alert-notification';
import { packRecords } from '../../../shared/domain/ingestion/stream-envelope';
import type { ValidRecord } from '../../../shared/domain/ingestion/types';
import { forecastHistory } from '../../../shared/domain/metrics/forecast-tracking';
import { makeRollupHook } from '../../../shared/domain/metrics/rollup-hook';
import type { DeliveryTask } from '../../../shared/domain/notifications/delivery-task';
import type { ModelEndpoint } from '../../../shared/ports/model-endpoint';
import type { QueryEngine } from '../../../shared/ports/query-engine';
import { EnvNames } from '../../../shared/runtime/env-names';
import { alertEvaluatorDeps } from '../../../shared/runtime/function-deps/alert-evaluator';
import { alertsDeps } from '../../../shared/runtime/function-deps/alerts';
import { lakeWriterDeps } from '../../../shared/runtime/function-deps/lake-writer';
import { metricAnomaliesDeps } from '../../../shared/runtime/function-deps/metric-anomalies';
import { metricsDeps } from '../../../shared/runtime/function-deps/metrics';
import { tenantDirectory } from '../../../shared/runtime/metadata-stores';
import {
  lakeCellStore,
  lateWindowSeconds,
  metricCatalog,
  rollupStore,
} from '../../../shared/runtime/metric-stores';
import { objectStore } from '../../../shared/runtime/object-store';
import { queryEngine } from '../../../shared/runtime/query-engine';
import { Runtime } from '../../../shared/runtime/runtime';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { apiEvent, kinesisEvent, lambdaContext } from '../../support/events';
import { inProcessModelEndpoint } from '../../support/twins/in-process-model-endpoint';

const minuteMs = 60_000;
const hourMs = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
/** When both metrics are defined: after three hours of their events have reached the lake. */
const definedAt = at('2026-11-27T10:20:30Z');
const historyFrom = at('2026-11-27T07:20:00Z');
/** The first minute the rollups answer for: 90 s of warm-up after the definition, rounded up. */
const rollupsFrom = at('2026-11-27T10:22:00Z');
const spikeMinutes = [at('2026-11-27T10:23:00Z'), at('2026-11-27T10:24:00Z')];
/** A later spike, once the metric's late-data window starts after its rollups' warm-up. */
const laterSpike = at('2026-11-27T11:29:00Z');

/** Signups of tenant A in a minute: about 20, deterministic, 400 in the spike minutes. */
const signupsA = (minute: number) =>
  spikeMinutes.includes(minute) || minute === laterSpike
    ? 400
    : 18 + ((Math.floor(minute / minuteMs) * 7) % 5);
/** Tenant B's: always above A's 1m threshold, so any leak into A's series or rules shows. */
const signupsB = (minute: number) => 110 + (Math.floor(minute / minuteMs) % 3);

let stack: ContractStack;
let rt: Runtime;
/**
 * One lake engine for every function here: each DuckDbQueryEngine forks its own worker
 * processes, and a query runs in a fresh database whichever engine starts it.
 */
let engine: QueryEngine;
let now: Date;
const clock = () => now;
const model = { name: 'nexus-analytics', version: 'test' };
const queued: DeliveryTask[] = [];
const tenants = { a: { id: '', metricId: '', channelId: '' }, b: { id: '', metricId: '', channelId: '' } };
/** The minute after the last one ingested. */
let ingestedUntil = historyFrom;
let sequence = 0;

/** The lake writer's handler, its rollup hook on the test's clock (the writer runs as each batch arrives). */
function lakeWriter() {
  const deps = lakeWriterDeps(rt);
  return makeLakeWriterHandler({
    ...deps,
    afterCurated: makeRollupHook({
      // Uncached: the writer's 15 s metric list would hide a metric defined a test-second ago.
      metrics: metricCatalog(rt),
      rollups: rollupStore(rt),
      objects: objectStore(rt),
      curatedBucket: deps.curatedBucket,
      now: clock,
      lateWindowSeconds,
      lakeCells: lakeCellStore(rt),
    }),
  });
}

function minuteRecords(tenantId: string, minute: number, signups: number): ValidRecord[] {
  // Stamped from 35 s into the minute, received at 55 s (after the definition for 10:20).
  const receivedAt = iso(minute + 55_000);
  const record = (name: string, i: number): ValidRecord => ({
    eventId: randomUUID(),
    tenantId,
    dataset: 'events',
    schemaVersion: 1,
    receivedAt,
    data: { name, timestamp: iso(minute + 35_000 + i * 40), userId: `u${i % 7}` },
  });
  // One page view a minute too: the metric counts signups only, on both sides of the stitch.
  return [...Array.from({ length: signups }, (_, i) => record('signup', i)), record('page_view', 0)];
}

/** Both tenants' events of minutes [from, to) as one Kinesis batch, written at the last one's receipt. */
async function ingest(from: number, to: number, receivedAt?: number): Promise<void> {
  const records: ValidRecord[] = [];
  for (let minute = from; minute < to; minute += minuteMs) {
    records.push(...minuteRecords(tenants.a.id, minute, signupsA(minute)));
    records.push(...minuteRecords(tenants.b.id, minute, signupsB(minute)));
  }
  const batch = packRecords(
    receivedAt === undefined ? records : records.map((r) => ({ ...r, receivedAt: iso(receivedAt) })),
  ).map((e) => ({ sequenceNumber: String(++sequence).padStart(20, '0'), data: e.data }));
  now = new Date(receivedAt ?? to - minuteMs + 55_000);
  const result = await lakeWriter()(kinesisEvent(batch), lambdaContext());
  expect(result?.batchItemFailures).toEqual([]);
  ingestedUntil = Math.max(ingestedUntil, to);
}

async function api(
  handler: (
    event: ReturnType<typeof apiEvent>,
    context: ReturnType<typeof lambdaContext>,
  ) => Promise<unknown>,
  tenantId: string,
  request: Parameters<typeof apiEvent>[0],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = (await handler(
    apiEvent({ ...request, principal: { tenantId, scopes: ['query', 'admin'] } }),
    lambdaContext(),
  )) as APIGatewayProxyResult;
  return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
}

/** GET /v1/metrics/{id}/series through the metrics function, on the test's clock. */
async function series(
  tenantId: string,
  metricId: string,
  from: number,
  to: number,
  interval: '1m' | '1h',
): Promise<{ status: number; points: { t: string; value: number | null }[] }> {
  const handler = makeMetricsHandler({ ...metricsDeps(rt), engine, now: clock });
  const { status, body } = await api(handler, tenantId, {
    path: `/v1/metrics/${metricId}/series`,
    resource: '/v1/metrics/{id}/series',
    pathParameters: { id: metricId },
    query: { from: iso(from), to: iso(to), interval },
  });
  return { status, points: (body['points'] ?? []) as { t: string; value: number | null }[] };
}

/** Tenant A's signups per bucket of [from, to), as ingested so far (an empty bucket counts 0). */
function expectedA(from: number, to: number, step: number): { t: string; value: number }[] {
  const points: { t: string; value: number }[] = [];
  for (let t = from; t < to; t += step) {
    let value = 0;
    for (let m = t; m < t + step; m += minuteMs)
      if (m >= historyFrom && m < ingestedUntil) value += signupsA(m);
    points.push({ t: iso(t), value });
  }
  return points;
}

/** The evaluator's handler as its deps factory builds it, on the test's clock, judging each run once. */
function evaluator() {
  return makeAlertEvaluatorHandler({
    ...alertEvaluatorDeps(rt),
    engine,
    endpoint: inProcessModelEndpoint(model),
    queue: { enqueue: async (task: DeliveryTask) => void queued.push(task) },
    scorerWait: { attempts: 0, pause: async () => {} },
    now: clock,
  });
}

/** The evaluator stays warm through the story, as a Lambda container called every minute does. */
let warmEvaluator: ReturnType<typeof evaluator> | undefined;

async function evaluate(at: number) {
  now = new Date(at);
  warmEvaluator ??= evaluator();
  return warmEvaluator(undefined, lambdaContext());
}

/**
 * A scorer instance (a new process: its own deps, nothing held over but the shared lake engine),
 * with the last forecast history it asked for per metric; `lake` may stand in for the engine.
 */
function scorer(lake?: (real: QueryEngine) => QueryEngine) {
  const deps = metricAnomaliesDeps(rt);
  const endpoint = inProcessModelEndpoint(model);
  const forecasts = new Map<string, number[]>();
  const recording: ModelEndpoint = {
    invoke: (request, context) => {
      if (request.operation === 'forecast')
        for (const s of request.series as { id: string; values: number[] }[])
          forecasts.set(s.id, [...s.values]);
      return endpoint.invoke(request, context);
    },
  };
  const handler = makeMetricAnomaliesHandler({
    ...deps,
    engine: lake ? lake(engine) : engine,
    endpoint: recording,
    now: clock,
  });
  return {
    forecasts,
    run: async (at: number) => {
      now = new Date(at);
      return handler(undefined, lambdaContext());
    },
  };
}

/** A lake that refuses every query, counting them. */
function unavailableLake(real: QueryEngine): QueryEngine & { starts: number } {
  return {
    starts: 0,
    prepare: real.prepare.bind(real),
    start(this: { starts: number }) {
      this.starts++;
      return Promise.reject(new Error('the lake is unavailable'));
    },
    status: real.status.bind(real),
    results: real.results.bind(real),
  };
}

const signupsSpec = {
  name: 'Signups',
  dataset: 'events',
  aggregation: 'count',
  filter: [{ field: 'name', op: 'eq', value: 'signup' }],
};

/** POSTs a resource as the tenant's admin and returns the id the 201 names. */
async function create(
  handler: Parameters<typeof api>[0],
  tenantId: string,
  path: string,
  body: Record<string, unknown>,
  idKey: string,
): Promise<string> {
  const created = await api(handler, tenantId, { method: 'POST', path, resource: path, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return String(created.body[idKey]);
}

async function defineMetric(tenantId: string, body: Record<string, unknown> = signupsSpec): Promise<string> {
  const handler = makeMetricsHandler({ ...metricsDeps(rt), now: clock });
  const metricId = await create(handler, tenantId, '/v1/metrics', body, 'metricId');
  // The version's creation is the definition time the series and the scorer go by.
  await rt.pool.query('UPDATE metrics SET created_at = $2, updated_at = $2 WHERE id = $1', [
    metricId,
    iso(definedAt),
  ]);
  await rt.pool.query('UPDATE metric_versions SET created_at = $2 WHERE metric_id = $1', [
    metricId,
    iso(definedAt),
  ]);
  return metricId;
}

const alertsHandler = () => makeAlertsHandler({ ...alertsDeps(rt), now: clock });

const createChannel = (tenantId: string, address: string) =>
  create(
    alertsHandler(),
    tenantId,
    '/v1/alert-channels',
    { type: 'email', recipients: [address] },
    'channelId',
  );

const createRule = (tenantId: string, body: Record<string, unknown>) =>
  create(alertsHandler(), tenantId, '/v1/alerts', body, 'alertId');

/** GET /v1/alerts/{id}/events as [t, state, value], oldest first; null when the tenant may not see the rule. */
async function alertEvents(
  tenantId: string,
  alertId: string,
): Promise<[string, string, number | null][] | null> {
  const handler = makeAlertsHandler({ ...alertsDeps(rt), now: clock });
  const { status, body } = await api(handler, tenantId, {
    path: `/v1/alerts/${alertId}/events`,
    resource: '/v1/alerts/{id}/events',
    pathParameters: { id: alertId },
  });
  if (status === 404) return null;
  expect(status).toBe(200);
  const items = body['items'] as { t: string; state: string; value: number | null }[];
  return items.map((e): [string, string, number | null] => [e.t, e.state, e.value]).reverse();
}

beforeAll(async () => {
  stack = await startContractStack(['postgres', 's3', 'dynamodb']);
  rt = new Runtime({
    ...stack.env,
    [EnvNames.queryEngine]: 'duckdb',
    [EnvNames.rollupTable]: tables.rollups.name,
    [EnvNames.deliveryTable]: tables.deliveries.name,
    [EnvNames.quarantineBucket]: bucketNames.quarantine,
    // Deliveries are recorded in place of the queue; the URLs are only read.
    [EnvNames.deliveryQueueUrl]: 'http://127.0.0.1:1/000000000000/deliveries',
    [EnvNames.deliveryDeadLetterQueueUrl]: 'http://127.0.0.1:1/000000000000/deliveries-dlq',
    [EnvNames.publicApiUrl]: 'https://api.acme.test',
    [EnvNames.modelEndpointName]: 'nexus-anomaly-local',
  });
  engine = queryEngine(rt);
  for (const [key, name] of [
    ['a', 'Acme'],
    ['b', 'Globex'],
  ] as const)
    tenants[key].id = (await tenantDirectory(rt).createTenant(name)).tenantId;
}, 120_000);

afterAll(async () => {
  await rt?.pool.end();
  await stack?.stop();
});

/** The queued email deliveries of a rule, by the interval start and state they announce. */
function emails(
  alertId: string,
): { key: string; tenantId: string; channelId: string; payload: AlertDeliveryPayload }[] {
  return queued
    .filter((task) => task.deliveryId.startsWith(`${alertId}:`))
    .map((task) => {
      const payload = task.payload as unknown as AlertDeliveryPayload;
      return {
        key: `${iso(payload.notice.interval.start)} ${payload.notice.state}`,
        tenantId: task.tenantId,
        channelId: task.channel.id,
        payload,
      };
    });
}

/** A notification chart's points as the series API writes them. */
const chartPoints = (payload: AlertDeliveryPayload) =>
  (payload.chart?.points ?? []).map((p) => ({ t: new Date(p.t).toISOString(), value: p.value }));

// One story, told in order: each step runs on the state the steps before it left.
describe('alerts over a young metric', () => {
  const rules = { a1m: '', a1h: '', aAnomaly: '', b1m: '' };
  /** The scorer before its restart: one warm instance. */
  let warmScorer: ReturnType<typeof scorer>;
  let restarted: ReturnType<typeof scorer>;
  let lake: QueryEngine & { starts: number };

  it('seeds the scorer from the lake, then judges new rules at their newest closed interval only', async () => {
    // Three hours of both tenants' events reach the lake before any metric exists.
    await ingest(historyFrom, at('2026-11-27T10:20:00Z'), at('2026-11-27T10:20:10Z'));
    now = new Date(definedAt);
    for (const tenant of [tenants.a, tenants.b]) {
      tenant.metricId = await defineMetric(tenant.id);
      tenant.channelId = await createChannel(
        tenant.id,
        `oncall@${tenant === tenants.a ? 'acme' : 'globex'}.test`,
      );
    }
    for (const minute of ['10:20', '10:21'])
      await ingest(at(`2026-11-27T${minute}:00Z`), at(`2026-11-27T${minute}:00Z`) + minuteMs);

    warmScorer = scorer();
    const seeded = await warmScorer.run(at('2026-11-27T10:22:40Z'));
    rules.a1m = await createRule(tenants.a.id, {
      name: 'Signups above 100 a minute',
      metricId: tenants.a.metricId,
      condition: { type: 'threshold', op: 'gt', value: 100 },
      channels: [tenants.a.channelId],
    });
    rules.a1h = await createRule(tenants.a.id, {
      name: 'Signups above 1500 an hour',
      metricId: tenants.a.metricId,
      interval: '1h',
      condition: { type: 'threshold', op: 'gt', value: 1500 },
      channels: [tenants.a.channelId],
    });
    rules.aAnomaly = await createRule(tenants.a.id, {
      name: 'Signups anomaly',
      metricId: tenants.a.metricId,
      condition: { type: 'anomaly' },
      channels: [tenants.a.channelId],
    });
    rules.b1m = await createRule(tenants.b.id, {
      name: 'Signups above 100 a minute',
      metricId: tenants.b.metricId,
      condition: { type: 'threshold', op: 'gt', value: 100 },
      channels: [tenants.b.channelId],
    });
    // 10:21 for the minute rules, 09:00 for the hour rule: A is quiet, B above 100 already.
    const judged = await evaluate(at('2026-11-27T10:22:40Z'));

    expect(seeded).toMatchObject({ series: 6, scored: 0, failed: 0 });
    expect(judged).toMatchObject({ rules: 4, evaluated: 4, transitions: 1, failed: 0 });
    expect(await alertEvents(tenants.a.id, rules.a1m)).toEqual([]);
    expect(await alertEvents(tenants.a.id, rules.a1h)).toEqual([]);
    expect(await alertEvents(tenants.b.id, rules.b1m)).toEqual([
      ['2026-11-27T10:21:00.000Z', 'firing', signupsB(at('2026-11-27T10:21:00Z'))],
    ]);
  });

  it('serves the history from the lake and the new minutes from the rollups, as the series API does', async () => {
    await ingest(rollupsFrom, rollupsFrom + minuteMs);
    now = new Date('2026-11-27T10:23:40Z');

    // 10:20 and 10:21 are read from the lake (the rollups' warm-up has not ended), 10:22 from the rollups.
    const minutes = await series(tenants.a.id, tenants.a.metricId, historyFrom, rollupsFrom + minuteMs, '1m');
    const hours = await series(
      tenants.a.id,
      tenants.a.metricId,
      at('2026-11-27T07:00:00Z'),
      at('2026-11-27T11:00:00Z'),
      '1h',
    );
    const scored = await warmScorer.run(at('2026-11-27T10:23:40Z'));
    const judged = await evaluate(at('2026-11-27T10:23:40Z'));

    expect(minutes.status).toBe(200);
    expect(minutes.points).toEqual(expectedA(historyFrom, rollupsFrom + minuteMs, minuteMs));
    expect(hours.points).toEqual(expectedA(at('2026-11-27T07:00:00Z'), at('2026-11-27T11:00:00Z'), hourMs));
    expect(scored).toMatchObject({ scored: 2, flagged: 0, failed: 0 });
    // 10:22 for the two minute thresholds and the anomaly rule (scored now); the hour is open.
    expect(judged).toMatchObject({ evaluated: 3, transitions: 0, failed: 0 });
  });

  it('a scorer restarted from its checkpoint judges the next minute without the lake, forecasting from the kept window', async () => {
    await ingest(spikeMinutes[0] as number, (spikeMinutes[0] as number) + minuteMs);
    restarted = scorer((real) => {
      lake = unavailableLake(real);
      return lake;
    });

    const scored = await restarted.run(at('2026-11-27T10:24:40Z'));

    // Both tenants' minute series scored 10:23 (the hour and day series have nothing closed).
    expect(scored).toMatchObject({ series: 6, scored: 2, flagged: 1, failed: 0 });
    expect(lake.starts).toBe(0);
    const window = expectedA(
      at('2026-11-27T10:24:00Z') - forecastHistory['1m'] * minuteMs,
      at('2026-11-27T10:24:00Z'),
      minuteMs,
    );
    expect(restarted.forecasts.get(tenants.a.metricId)).toEqual(window.map((p) => p.value));
    const anomalies = await api(
      makeMetricsHandler({ ...metricsDeps(rt), engine, now: clock }),
      tenants.a.id,
      {
        path: `/v1/metrics/${tenants.a.metricId}/anomalies`,
        resource: '/v1/metrics/{id}/anomalies',
        pathParameters: { id: tenants.a.metricId },
        query: { from: iso(historyFrom), to: '2026-11-27T11:00:00Z' },
      },
    );
    expect(anomalies.body['anomalies']).toMatchObject([
      { t: '2026-11-27T10:23:00.000Z', value: 400, anomaly: true },
    ]);
  });

  it('fires the minute rules once on the spike, with the values the series API answers', async () => {
    const fired = await evaluate(at('2026-11-27T10:24:40Z'));
    await ingest(spikeMinutes[1] as number, (spikeMinutes[1] as number) + minuteMs);
    const stillScored = await restarted.run(at('2026-11-27T10:25:40Z'));
    const next = await evaluate(at('2026-11-27T10:25:40Z'));
    const again = await evaluate(at('2026-11-27T10:25:50Z'));

    expect(fired).toMatchObject({ evaluated: 3, transitions: 2, notifications: 2, failed: 0 });
    // 10:24 is above 100 too: the threshold rule stays firing without a second notification.
    expect(stillScored).toMatchObject({ scored: 2, failed: 0 });
    expect(lake.starts).toBe(0);
    expect(next).toMatchObject({ failed: 0 });
    expect(again).toMatchObject({ evaluated: 0, transitions: 0, notifications: 0 });
    expect(await alertEvents(tenants.a.id, rules.a1m)).toEqual([['2026-11-27T10:23:00.000Z', 'firing', 400]]);
    expect((await alertEvents(tenants.a.id, rules.aAnomaly))?.[0]).toEqual([
      '2026-11-27T10:23:00.000Z',
      'firing',
      400,
    ]);

    // The chart the evaluator sent is the series it judged: 60 minutes before the spike and the spike.
    const [email] = emails(rules.a1m);
    expect(email?.key).toBe('2026-11-27T10:23:00.000Z firing');
    const from = (spikeMinutes[0] as number) - 60 * minuteMs;
    const to = (spikeMinutes[0] as number) + minuteMs;
    now = new Date('2026-11-27T10:24:40Z');
    const answered = await series(tenants.a.id, tenants.a.metricId, from, to, '1m');
    expect(chartPoints(email?.payload as AlertDeliveryPayload)).toEqual(answered.points);
    expect(answered.points).toEqual(expectedA(from, to, minuteMs));
  });

  it('fires the hour rule once on the hour the metric was defined in, stitched from lake and rollups', async () => {
    for (
      let minute = at('2026-11-27T10:25:00Z');
      minute < at('2026-11-27T11:00:00Z');
      minute += 10 * minuteMs
    )
      await ingest(minute, Math.min(minute + 10 * minuteMs, at('2026-11-27T11:00:00Z')));

    const closed = await evaluate(at('2026-11-27T11:00:40Z'));
    await ingest(at('2026-11-27T11:00:00Z'), at('2026-11-27T11:01:00Z'));
    const next = await evaluate(at('2026-11-27T11:01:40Z'));

    expect(closed).toMatchObject({ failed: 0 });
    expect(next).toMatchObject({ failed: 0 });
    const hour = expectedA(at('2026-11-27T10:00:00Z'), at('2026-11-27T11:00:00Z'), hourMs)[0]?.value;
    expect(hour).toBeGreaterThan(1500);
    expect(await alertEvents(tenants.a.id, rules.a1h)).toEqual([
      ['2026-11-27T10:00:00.000Z', 'firing', hour],
    ]);
    expect(await alertEvents(tenants.a.id, rules.a1m)).toEqual([
      ['2026-11-27T10:23:00.000Z', 'firing', 400],
      ['2026-11-27T10:25:00.000Z', 'resolved', signupsA(at('2026-11-27T10:25:00Z'))],
    ]);

    const [email] = emails(rules.a1h);
    const from = at('2026-11-27T10:00:00Z') - 60 * hourMs;
    const to = at('2026-11-27T11:00:00Z');
    now = new Date('2026-11-27T11:00:40Z');
    const answered = await series(tenants.a.id, tenants.a.metricId, from, to, '1h');
    expect(email?.key).toBe('2026-11-27T10:00:00.000Z firing');
    expect(chartPoints(email?.payload as AlertDeliveryPayload)).toEqual(answered.points);
    expect(answered.points).toEqual(expectedA(from, to, hourMs));
  });

  it('meets the kept lake hour and the rollups without counting a minute twice once the metric has grown up', async () => {
    for (let minute = at('2026-11-27T11:01:00Z'); minute <= laterSpike; minute += 10 * minuteMs)
      await ingest(minute, Math.min(minute + 10 * minuteMs, laterSpike + minuteMs));

    // The lake half ends at 10:31 now, and the hour it ends in was kept up to 10:02 by the last
    // run: the lake is read on from there, the rollups answer for 10:29 and 10:30 too.
    const fired = await evaluate(at('2026-11-27T11:30:40Z'));

    expect(fired).toMatchObject({ transitions: 1, failed: 0 });
    expect((await alertEvents(tenants.a.id, rules.a1m))?.at(-1)).toEqual([iso(laterSpike), 'firing', 400]);
    const email = emails(rules.a1m).find((e) => e.key === `${iso(laterSpike)} firing`);
    const from = laterSpike - 60 * minuteMs;
    const answered = await series(tenants.a.id, tenants.a.metricId, from, laterSpike + minuteMs, '1m');
    expect(chartPoints(email?.payload as AlertDeliveryPayload)).toEqual(answered.points);
    expect(answered.points).toEqual(expectedA(from, laterSpike + minuteMs, minuteMs));
  });

  it("keeps the second tenant's events, rules and notifications out of the first's", async () => {
    expect(await alertEvents(tenants.b.id, rules.b1m)).toEqual([
      ['2026-11-27T10:21:00.000Z', 'firing', signupsB(at('2026-11-27T10:21:00Z'))],
    ]);
    expect(emails(rules.b1m).map((e) => [e.key, e.tenantId, e.channelId])).toEqual([
      ['2026-11-27T10:21:00.000Z firing', tenants.b.id, tenants.b.channelId],
    ]);
    for (const rule of [rules.a1m, rules.a1h, rules.aAnomaly])
      for (const email of emails(rule))
        expect([email.tenantId, email.channelId]).toEqual([tenants.a.id, tenants.a.channelId]);
    expect(queued.every((t) => t.tenantId === tenants.a.id || t.deliveryId.startsWith(`${rules.b1m}:`))).toBe(
      true,
    );

    // Neither tenant reaches the other's metric or rule by id.
    expect((await series(tenants.b.id, tenants.a.metricId, historyFrom, ingestedUntil, '1m')).status).toBe(
      404,
    );
    expect(await alertEvents(tenants.b.id, rules.a1m)).toBeNull();
    expect(await alertEvents(tenants.a.id, rules.b1m)).toBeNull();
    // Each series holds its own tenant's signups only, across the whole stitched range.
    const a = await series(tenants.a.id, tenants.a.metricId, historyFrom, ingestedUntil, '1m');
    const b = await series(tenants.b.id, tenants.b.metricId, historyFrom, ingestedUntil, '1m');
    expect(a.points).toEqual(expectedA(historyFrom, ingestedUntil, minuteMs));
    expect(b.points.map((p) => p.value)).toEqual(
      expectedA(historyFrom, ingestedUntil, minuteMs).map((p) => signupsB(Date.parse(p.t))),
    );
  });

  it('judges a quiet minute without the lake, even of a distinct count (whose history is only in the lake)', async () => {
    // Distinct users, defined (as dated) with the signups; from now on its rollups are written.
    const users = await defineMetric(tenants.a.id, {
      name: 'Users',
      dataset: 'events',
      aggregation: 'distinct',
      field: 'userId',
    });
    const usersRule = await createRule(tenants.a.id, {
      name: 'Users above 100 a minute',
      metricId: users,
      condition: { type: 'threshold', op: 'gt', value: 100 },
      channels: [tenants.a.channelId],
    });
    await ingest(at('2026-11-27T11:30:00Z'), at('2026-11-27T11:34:00Z'));
    // 11:30 resolves the signups threshold (its notification's chart may read the lake); the
    // new rule starts at its newest closed minute.
    const warm = await evaluate(at('2026-11-27T11:32:40Z'));
    lake = unavailableLake(engine);
    const cold = makeAlertEvaluatorHandler({
      ...alertEvaluatorDeps(rt),
      engine: lake,
      endpoint: inProcessModelEndpoint(model),
      queue: { enqueue: async (task: DeliveryTask) => void queued.push(task) },
      scorerWait: { attempts: 0, pause: async () => {} },
      now: clock,
    });

    now = new Date(at('2026-11-27T11:33:40Z'));
    const quiet = await cold(undefined, lambdaContext());

    expect(warm).toMatchObject({ failed: 0 });
    expect((await alertEvents(tenants.a.id, rules.a1m))?.at(-1)?.slice(0, 2)).toEqual([
      '2026-11-27T11:30:00.000Z',
      'resolved',
    ]);
    expect((await alertEvents(tenants.a.id, usersRule))?.length).toBe(0);
    // 11:32 judged from the rollups alone by every minute rule: a look-back past the late-data
    // window would be a lake query (Athena in AWS) on every run.
    expect(quiet).toMatchObject({ transitions: 0, failed: 0 });
    expect(quiet?.evaluated).toBeGreaterThanOrEqual(3);
    expect(lake.starts).toBe(0);
  });
});
