import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeDatasetsHandler } from '../../../../../functions/catalog/datasets/datasets';
import { apiEvent, lambdaContext, TENANT_A, TENANT_B } from '../../../../support/events';
import { InMemoryAuditLog } from '../../../../support/twins/in-memory-audit-log';
import { InMemoryDatasetCatalog } from '../../../../support/twins/in-memory-dataset-catalog';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const orders = { name: 'orders', fields: [{ name: 'total', type: 'number', required: true }] };

describe('datasets handler', () => {
  let catalog: InMemoryDatasetCatalog;
  let audit: InMemoryAuditLog;
  let handler: ReturnType<typeof makeDatasetsHandler>;

  beforeEach(() => {
    catalog = new InMemoryDatasetCatalog();
    audit = new InMemoryAuditLog();
    handler = makeDatasetsHandler({ catalog, audit, logger });
  });

  const post = (body: unknown, scopes: ('admin' | 'query' | 'ingest')[] = ['admin']) =>
    handler(apiEvent({ method: 'POST', path: '/v1/datasets', body, principal: { scopes } }), lambdaContext());

  it('answers 201 with the new dataset', async () => {
    // Act
    const response = await post(orders);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toMatchObject({
      dataset: 'orders',
      version: 1,
      created: true,
      changed: true,
      fields: [{ name: 'eventId' }, { name: 'total' }],
    });
    expect(audit.entries).toHaveLength(1);
  });

  it('answers 200 when the schema is unchanged', async () => {
    // Arrange
    await post(orders);

    // Act
    const response = await post(orders);

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ version: 1, created: false, changed: false });
  });

  it.each([
    [
      [
        { name: 'total', type: 'number' },
        { name: 'x', type: 'money' },
      ],
      ['fields[1].type'],
    ],
    [
      [
        { name: 'total', type: 'number' },
        { name: 'TOTAL', type: 'number' },
      ],
      ['fields[1].name'],
    ],
    [[{ name: 'receivedAt', type: 'timestamp' }], ['fields[0].name']],
  ])('answers 400 with field paths for an invalid schema %#', async (fields, paths) => {
    // Act
    const response = await post({ name: 'orders', fields });

    // Assert
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    expect(body.requestId).toBe('req-1');
  });

  it('answers 400 for a body that is not JSON', async () => {
    // Act
    const response = await post('{not json');

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('MALFORMED_BODY');
  });

  it('answers 403 to a key without the admin scope', async () => {
    // Act
    const response = await post(orders, ['query', 'ingest']);

    // Assert
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('FORBIDDEN');
    expect(catalog.calls.register).toBe(0);
  });

  it('answers 409 for the built-in events dataset', async () => {
    // Act
    const response = await post({ name: 'events', fields: [{ name: 'x', type: 'string' }] });

    // Assert
    expect(response.statusCode).toBe(409);
  });

  it("lists and reads the tenant's datasets", async () => {
    // Arrange
    await post(orders);

    // Act
    const list = await handler(
      apiEvent({ path: '/v1/datasets', principal: { scopes: ['query'] } }),
      lambdaContext(),
    );
    const one = await handler(
      apiEvent({
        path: '/v1/datasets/orders',
        resource: '/v1/datasets/{name}',
        pathParameters: { name: 'orders' },
        principal: { scopes: ['query'] },
      }),
      lambdaContext(),
    );

    // Assert
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.body).items.map((d: { dataset: string }) => d.dataset)).toEqual([
      'events',
      'orders',
    ]);
    expect(one.statusCode).toBe(200);
    expect(JSON.parse(one.body)).toMatchObject({ dataset: 'orders', version: 1 });
  });

  it("answers 404 for an unknown dataset and for another tenant's", async () => {
    // Arrange
    await post(orders);

    // Act
    const unknown = await handler(
      apiEvent({
        resource: '/v1/datasets/{name}',
        pathParameters: { name: 'nope' },
        principal: { scopes: ['query'] },
      }),
      lambdaContext(),
    );
    const foreign = await handler(
      apiEvent({
        resource: '/v1/datasets/{name}',
        pathParameters: { name: 'orders' },
        principal: { tenantId: TENANT_B, scopes: ['query'] },
      }),
      lambdaContext(),
    );

    // Assert
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('DATASET_NOT_FOUND');
    expect(foreign.statusCode).toBe(404);
    expect(TENANT_A).not.toBe(TENANT_B);
  });

  it('answers 400 for an invalid dataset name in the path', async () => {
    // Act
    const response = await handler(
      apiEvent({
        resource: '/v1/datasets/{name}',
        pathParameters: { name: 'Bad-Name' },
        principal: { scopes: ['query'] },
      }),
      lambdaContext(),
    );

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'INVALID_DATASET_NAME',
      details: [{ path: 'name' }],
    });
  });

  it('answers 401 without an authorizer context', async () => {
    // Act
    const response = await handler(apiEvent({ resource: '/v1/datasets', principal: null }), lambdaContext());

    // Assert
    expect(response.statusCode).toBe(401);
  });
});
