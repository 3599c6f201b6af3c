import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeModelsHandler } from '../../../../../functions/models/models/models';
import { definedProps } from '../../../../../shared/domain/defined-props';
import type { ApiKeyScope } from '../../../../../shared/domain/tenancy/api-key-principal';
import { apiEvent, lambdaContext } from '../../../../support/events';
import { at, expectedFigures, seedMonitoring } from '../../../../support/metrics/model-monitoring-fixture';
import { InMemoryAnomalyStore } from '../../../../support/twins/in-memory-anomaly-store';
import { InMemoryAuditLog } from '../../../../support/twins/in-memory-audit-log';
import { InMemoryEndpointWeights } from '../../../../support/twins/in-memory-endpoint-weights';
import { InMemoryMetricCatalog } from '../../../../support/twins/in-memory-metric-catalog';
import { InMemoryModelMonitorStore } from '../../../../support/twins/in-memory-model-monitor-store';
import { InMemoryModelRegistry } from '../../../../support/twins/in-memory-model-registry';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const registration = {
  algorithm: 'robust-zscore',
  hyperparameters: { window: 48 },
  scores: { nabStandard: 71.2 },
  artifact: 'nexus-model-server:1.0.0',
};

/** Fills `{param}` placeholders of a route template, as API Gateway does. */
function request(
  method: string,
  resource: string,
  params: Record<string, string> = {},
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    scopes?: ApiKeyScope[];
  } = {},
) {
  const path = resource.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return apiEvent({
    method,
    path,
    resource,
    pathParameters: params,
    ...definedProps({ body: options.body, headers: options.headers, query: options.query }),
    principal: { scopes: options.scopes ?? ['operator'] },
  });
}

describe('models handler', () => {
  let registry: InMemoryModelRegistry;
  let audit: InMemoryAuditLog;
  let handler: ReturnType<typeof makeModelsHandler>;
  let metrics: InMemoryMetricCatalog;
  let anomalies: InMemoryAnomalyStore;
  let monitor: InMemoryModelMonitorStore;

  const call = async (...args: Parameters<typeof request>) => {
    const response = await handler(request(...args), lambdaContext());
    return {
      status: response.statusCode,
      headers: response.headers,
      body: JSON.parse(response.body || '{}'),
    };
  };
  const register = (name = 'detector', headers?: Record<string, string>) =>
    call(
      'POST',
      '/v1/models/{name}/versions',
      { name },
      { body: registration, ...definedProps({ headers }) },
    );

  beforeEach(() => {
    registry = new InMemoryModelRegistry();
    audit = new InMemoryAuditLog();
    metrics = new InMemoryMetricCatalog();
    anomalies = new InMemoryAnomalyStore();
    monitor = new InMemoryModelMonitorStore(anomalies, metrics);
    handler = makeModelsHandler({
      registry,
      audit,
      endpointWeights: new InMemoryEndpointWeights(['anomaly', 'nexus-analytics']),
      servedEndpoints: ['anomaly'],
      monitor,
      now: () => new Date('2026-11-28T00:00:00Z'),
      logger,
    });
  });

  it('answers 201 with the new version and its location', async () => {
    // Act
    const response = await register();

    // Assert
    expect(response.status).toBe(201);
    expect(response.headers?.['location']).toBe('/v1/models/detector/versions/1');
    expect(response.body).toMatchObject({
      modelName: 'detector',
      version: 1,
      stage: 'staging',
      ...registration,
    });
  });

  it('answers 200 with the same version for a retried registration with its idempotency key', async () => {
    // Arrange
    const key = { 'Idempotency-Key': 'release-1' };
    await register('detector', key);

    // Act
    const retry = await register('detector', key);

    // Assert
    expect([retry.status, retry.body.version]).toEqual([200, 1]);
  });

  it('promotes, rolls back and lists through the routes', async () => {
    // Arrange
    await register();
    await register();

    // Act
    const p1 = await call('POST', '/v1/models/{name}/versions/{version}/promote', {
      name: 'detector',
      version: '1',
    });
    const p2 = await call('POST', '/v1/models/{name}/versions/{version}/promote', {
      name: 'detector',
      version: '2',
    });
    const back = await call('POST', '/v1/models/{name}/rollback', { name: 'detector' });
    const models = await call('GET', '/v1/models');
    const versions = await call(
      'GET',
      '/v1/models/{name}/versions',
      { name: 'detector' },
      { query: { limit: '1' } },
    );

    // Assert
    expect([p1.status, p1.body.production.version]).toEqual([200, 1]);
    expect([p2.body.production.version, p2.body.archived.version]).toEqual([2, 1]);
    expect([back.status, back.body.production.version, back.body.archived.version]).toEqual([200, 1, 2]);
    expect(models.body.items).toEqual([expect.objectContaining({ name: 'detector', productionVersion: 1 })]);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(typeof versions.body.nextCursor).toBe('string');
  });

  it('sets and reads an endpoint split with normalised shares', async () => {
    // Arrange
    await register();
    await register();
    const variants = [
      { variantName: 'champion', modelName: 'detector', version: 1, weight: 9 },
      { variantName: 'challenger', modelName: 'detector', version: 2, weight: 1 },
    ];

    // Act
    const put = await call(
      'PUT',
      '/v1/endpoints/{endpoint}/variants',
      { endpoint: 'anomaly' },
      { body: { variants } },
    );
    const get = await call('GET', '/v1/endpoints/{endpoint}/variants', { endpoint: 'anomaly' });

    // Assert
    expect(put.status).toBe(200);
    expect(get.body).toEqual(put.body);
    const shares = Object.fromEntries(
      get.body.variants.map((v: { variantName: string; trafficShare: number }) => [
        v.variantName,
        v.trafficShare,
      ]),
    );
    expect(shares).toEqual({ champion: 9 / 10, challenger: 1 / 10 });
  });

  it.each([
    [
      'a registration by a tenant admin key',
      'POST',
      '/v1/models/{name}/versions',
      { name: 'm' },
      registration,
    ],
    ['a listing by a tenant admin key', 'GET', '/v1/models', {}, undefined],
    [
      'monitoring by a tenant admin key',
      'GET',
      '/v1/models/{name}/versions/{version}/monitoring',
      { name: 'detector', version: '1' },
      undefined,
    ],
    [
      'a variant change by a tenant admin key',
      'PUT',
      '/v1/endpoints/{endpoint}/variants',
      { endpoint: 'e' },
      {},
    ],
  ])('answers 403 for %s', async (_, method, resource, params, body) => {
    // Act
    const response = await call(method, resource, params, {
      scopes: ['ingest', 'query', 'admin'],
      ...definedProps({ body }),
    });

    // Assert
    expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(audit.entries).toEqual([]);
  });

  it.each([
    [
      'an invalid model name',
      'POST',
      '/v1/models/{name}/versions',
      { name: 'bad_name' },
      registration,
      'name',
    ],
    [
      'a non-numeric version',
      'POST',
      '/v1/models/{name}/versions/{version}/promote',
      { name: 'm', version: 'v2' },
      undefined,
      'version',
    ],
    [
      'hyperparameters that are not an object',
      'POST',
      '/v1/models/{name}/versions',
      { name: 'm' },
      { ...registration, hyperparameters: [1] },
      'hyperparameters',
    ],
    [
      'a negative weight',
      'PUT',
      '/v1/endpoints/{endpoint}/variants',
      { endpoint: 'e' },
      { variants: [{ variantName: 'a', modelName: 'm', version: 1, weight: -1 }] },
      'variants[0].weight',
    ],
    ['a bad cursor', 'GET', '/v1/models', {}, undefined, 'cursor'],
  ])('answers 400 naming the field for %s', async (_, method, resource, params, body, path) => {
    // Act
    const response = await call(method, resource, params, {
      ...definedProps({ body, query: path === 'cursor' ? { cursor: 'nope' } : undefined }),
    });

    // Assert
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('answers 404 for an unknown model, version or endpoint and 409 for a rollback with no history', async () => {
    // Arrange
    await register();

    // Act
    const noModel = await call('GET', '/v1/models/{name}/versions', { name: 'ghost' });
    const noVersion = await call('POST', '/v1/models/{name}/versions/{version}/promote', {
      name: 'detector',
      version: '7',
    });
    const noEndpoint = await call('GET', '/v1/endpoints/{endpoint}/variants', { endpoint: 'ghost' });
    const noHistory = await call('POST', '/v1/models/{name}/rollback', { name: 'detector' });

    // Assert
    expect([noModel.status, noModel.body.error.code]).toEqual([404, 'MODEL_NOT_FOUND']);
    expect([noVersion.status, noVersion.body.error.code]).toEqual([404, 'MODEL_VERSION_NOT_FOUND']);
    expect([noEndpoint.status, noEndpoint.body.error.code]).toEqual([404, 'ENDPOINT_NOT_FOUND']);
    expect([noHistory.status, noHistory.body.error.code]).toEqual([409, 'NO_PREVIOUS_PRODUCTION']);
  });

  describe('monitoring of a version in service', () => {
    const monitoring = (version: string, query?: Record<string, string>) =>
      call(
        'GET',
        '/v1/models/{name}/versions/{version}/monitoring',
        { name: 'detector', version },
        definedProps({ query }),
      );
    const newSeries = async () => {
      const tenantId = crypto.randomUUID();
      const { metric } = await metrics.define(tenantId, crypto.randomUUID(), 'signups', {
        dataset: 'events',
        aggregation: 'count',
        filter: [],
        dimensions: [],
        timeField: 'timestamp',
      });
      return { tenantId, metricId: metric.metricId, version: metric.version, interval: '1h' as const };
    };

    it("aggregates every tenant's forecasts and scores of the version, naming none of them", async () => {
      // Arrange
      await seedMonitoring({ anomalies, monitor }, await newSeries(), await newSeries());

      // Act
      const response = await monitoring('1');

      // Assert
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        modelName: 'detector',
        version: '1',
        to: '2026-11-28T00:00:00.000Z',
      });
      expect(response.body.intervals).toHaveLength(1);
      const [figures] = response.body.intervals;
      expect(figures.interval).toBe('1h');
      expect(figures.forecasts.count).toBe(expectedFigures.forecasts.count);
      expect(figures.forecasts.mape).toBeCloseTo(expectedFigures.forecasts.mape, 9);
      expect(figures.forecasts.coverage80).toBeCloseTo(expectedFigures.forecasts.coverage80, 9);
      expect(figures.forecasts.coverage95).toBeCloseTo(expectedFigures.forecasts.coverage95, 9);
      expect(figures.detector).toEqual(expectedFigures.detector);
      expect(JSON.stringify(response.body)).not.toMatch(/tenant|metricId/);
    });

    it('answers a registered version with nothing served yet with no figures, and 404 for neither', async () => {
      // Arrange
      await register();

      // Act
      const registered = await monitoring('1');
      const unknown = await monitoring('2');

      // Assert
      expect([registered.status, registered.body.intervals]).toEqual([200, []]);
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'MODEL_VERSION_NOT_FOUND']);
    });

    it('answers 400 naming the field for a bad version label or window', async () => {
      // Act
      const badVersion = await monitoring('-x');
      const badWindow = await monitoring('1', { from: at(12), to: at(11) });

      // Assert
      expect([badVersion.status, badVersion.body.error.details[0].path]).toEqual([400, 'version']);
      expect([badWindow.status, badWindow.body.error.details[0].path]).toEqual([400, 'to']);
    });
  });
});
