import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeMetricsHandler } from '../../../../../functions/metrics/metrics/metrics';
import { definedProps } from '../../../../../shared/domain/defined-props';
import type { ApiKeyScope } from '../../../../../shared/domain/tenancy/api-key-principal';
import { apiEvent, lambdaContext, TENANT_B } from '../../../../support/events';
import { InMemoryAnomalyStore } from '../../../../support/twins/in-memory-anomaly-store';
import { InMemoryAuditLog } from '../../../../support/twins/in-memory-audit-log';
import { InMemoryDatasetCatalog } from '../../../../support/twins/in-memory-dataset-catalog';
import { InMemoryMetricCatalog } from '../../../../support/twins/in-memory-metric-catalog';
import { InMemoryModelMonitorStore } from '../../../../support/twins/in-memory-model-monitor-store';
import { InMemoryQueryEngine } from '../../../../support/twins/in-memory-query-engine';
import { InMemoryRollupStore } from '../../../../support/twins/in-memory-rollup-store';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const METRIC_ID = '3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f';

describe('metrics handler', () => {
  let handler: ReturnType<typeof makeMetricsHandler>;
  let audit: InMemoryAuditLog;

  beforeEach(() => {
    audit = new InMemoryAuditLog();
    const metrics = new InMemoryMetricCatalog(() => new Date('2026-11-01T00:00:00Z'));
    const anomalies = new InMemoryAnomalyStore();
    handler = makeMetricsHandler({
      metrics,
      datasets: new InMemoryDatasetCatalog(),
      audit,
      engine: new InMemoryQueryEngine(),
      dialect: 'duckdb',
      rollups: new InMemoryRollupStore(),
      anomalies,
      monitor: new InMemoryModelMonitorStore(anomalies, metrics),
      lateWindowSeconds: 3600,
      now: () => new Date('2026-11-27T12:00:00Z'),
      newId: () => METRIC_ID,
      logger,
    });
  });

  const define = (body: unknown, scopes: ApiKeyScope[] = ['query', 'admin']) =>
    handler(apiEvent({ method: 'POST', path: '/v1/metrics', body, principal: { scopes } }), lambdaContext());
  const get = (path: string, resource: string, query?: Record<string, string>, tenantId?: string) =>
    handler(
      apiEvent({
        path,
        resource,
        pathParameters: { id: METRIC_ID },
        ...definedProps({ query, principal: tenantId ? { tenantId } : undefined }),
      }),
      lambdaContext(),
    );

  it('answers 201 with the metric, then 200 unchanged for the same definition', async () => {
    const body = { name: 'Signups', dataset: 'events', aggregation: 'count' };

    const created = await define(body);
    const again = await define(body);

    expect(created.statusCode).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({
      metricId: METRIC_ID,
      version: 1,
      timeField: 'timestamp',
      created: true,
    });
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ created: false, changed: false });
    expect(audit.entries.map((e) => e.action)).toEqual(['metric.created']);
  });

  it('answers 400 with the path of a field the dataset lacks, and of a bad aggregation', async () => {
    const missing = await define({ name: 'x', dataset: 'events', aggregation: 'sum', field: 'price' });
    const bad = await define({ name: 'x', dataset: 'events', aggregation: 'median', field: 'price' });

    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body).error).toMatchObject({
      code: 'INVALID_METRIC_FIELDS',
      details: [{ path: 'field' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.details[0].path).toBe('aggregation');
  });

  it('needs the admin scope to define and the query scope to read', async () => {
    expect((await define({ name: 'x', dataset: 'events', aggregation: 'count' }, ['query'])).statusCode).toBe(
      403,
    );
    const reader = await handler(
      apiEvent({ path: '/v1/metrics', resource: '/v1/metrics', principal: { scopes: ['ingest'] } }),
      lambdaContext(),
    );
    expect(reader.statusCode).toBe(403);
  });

  it('answers 404 for another tenant\u2019s metric on every route', async () => {
    await define({ name: 'Signups', dataset: 'events', aggregation: 'count' });
    const range = { from: '2026-11-27T10:00:00Z', to: '2026-11-27T11:00:00Z' };

    const responses = await Promise.all([
      get(`/v1/metrics/${METRIC_ID}`, '/v1/metrics/{id}', undefined, TENANT_B),
      get(`/v1/metrics/${METRIC_ID}/series`, '/v1/metrics/{id}/series', range, TENANT_B),
      get(`/v1/metrics/${METRIC_ID}/anomalies`, '/v1/metrics/{id}/anomalies', range, TENANT_B),
      get(`/v1/metrics/${METRIC_ID}/model-accuracy`, '/v1/metrics/{id}/model-accuracy', range, TENANT_B),
    ]);

    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    expect(JSON.parse(responses[0]?.body ?? '{}').error.code).toBe('METRIC_NOT_FOUND');
  });

  it('answers 400 with the path of a bad series parameter', async () => {
    await define({ name: 'Signups', dataset: 'events', aggregation: 'count' });

    const badInterval = await get(`/v1/metrics/${METRIC_ID}/series`, '/v1/metrics/{id}/series', {
      from: '2026-11-27T10:00:00Z',
      to: '2026-11-27T11:00:00Z',
      interval: '2m',
    });
    const badZone = await get(`/v1/metrics/${METRIC_ID}/series`, '/v1/metrics/{id}/series', {
      from: '2026-11-27T10:00:00Z',
      to: '2026-11-27T11:00:00Z',
      tz: 'Mars/Base',
    });

    expect(badInterval.statusCode).toBe(400);
    expect(JSON.parse(badInterval.body).error.details[0].path).toBe('interval');
    expect(badZone.statusCode).toBe(400);
    expect(JSON.parse(badZone.body).error.details[0].path).toBe('tz');
  });

  it('serves the late window from the rollups with empty minutes as 0', async () => {
    await define({ name: 'Signups', dataset: 'events', aggregation: 'count' });

    const response = await get(`/v1/metrics/${METRIC_ID}/series`, '/v1/metrics/{id}/series', {
      from: '2026-11-27T11:57:00Z',
      to: '2026-11-27T12:00:00Z',
      interval: '1m',
    });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).points).toEqual([
      { t: '2026-11-27T11:57:00.000Z', value: 0 },
      { t: '2026-11-27T11:58:00.000Z', value: 0 },
      { t: '2026-11-27T11:59:00.000Z', value: 0 },
    ]);
  });

  it('answers model accuracy over the last 7 days by default, empty before anything was forecast', async () => {
    await define({ name: 'Signups', dataset: 'events', aggregation: 'count' });

    const response = await get(`/v1/metrics/${METRIC_ID}/model-accuracy`, '/v1/metrics/{id}/model-accuracy');

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      metricId: METRIC_ID,
      from: '2026-11-20T12:00:00.000Z',
      to: '2026-11-27T12:00:00.000Z',
      intervals: [],
    });
  });

  it('answers 400 with the path of a bad accuracy window', async () => {
    await define({ name: 'Signups', dataset: 'events', aggregation: 'count' });
    const path = `/v1/metrics/${METRIC_ID}/model-accuracy`;

    const backwards = await get(path, '/v1/metrics/{id}/model-accuracy', {
      from: '2026-11-27T11:00:00Z',
      to: '2026-11-27T10:00:00Z',
    });
    const garbled = await get(path, '/v1/metrics/{id}/model-accuracy', { from: 'yesterday' });

    expect([backwards.statusCode, JSON.parse(backwards.body).error.details[0].path]).toEqual([400, 'to']);
    expect([garbled.statusCode, JSON.parse(garbled.body).error.details[0].path]).toEqual([400, 'from']);
  });
});
