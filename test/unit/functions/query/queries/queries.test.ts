import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeQueriesHandler } from '../../../../../functions/query/queries/queries';
import { definedProps } from '../../../../../shared/domain/defined-props';
import { apiEvent, lambdaContext, TENANT_B } from '../../../../support/events';
import { InMemoryDatasetCatalog } from '../../../../support/twins/in-memory-dataset-catalog';
import { InMemoryQueryEngine } from '../../../../support/twins/in-memory-query-engine';
import { InMemoryQueryStore } from '../../../../support/twins/in-memory-query-store';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const QUERY_ID = '3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f';

describe('query handler', () => {
  let engine: InMemoryQueryEngine;
  let handler: ReturnType<typeof makeQueriesHandler>;

  beforeEach(() => {
    engine = new InMemoryQueryEngine();
    handler = makeQueriesHandler({
      catalog: new InMemoryDatasetCatalog(),
      store: new InMemoryQueryStore(),
      engine,
      parser: null,
      newId: () => QUERY_ID,
      now: () => new Date('2026-01-01T00:00:00.000Z'),
      logger,
    });
  });

  const start = (body: unknown) =>
    handler(apiEvent({ method: 'POST', path: '/v1/queries', body }), lambdaContext());
  const get = (id: string, query?: Record<string, string>, tenantId?: string) =>
    handler(
      apiEvent({
        path: `/v1/queries/${id}`,
        resource: '/v1/queries/{id}',
        pathParameters: { id },
        ...definedProps({ query, principal: tenantId ? { tenantId } : undefined }),
      }),
      lambdaContext(),
    );

  it('answers 202 with the query id and its location', async () => {
    // Act
    const response = await start({ sql: 'SELECT count(*) FROM events' });

    // Assert
    expect(response.statusCode).toBe(202);
    expect(response.headers?.['location']).toBe(`/v1/queries/${QUERY_ID}`);
    expect(JSON.parse(response.body)).toEqual({ queryId: QUERY_ID });
  });

  it('answers 400 with the guard code and path sql for unsafe SQL', async () => {
    // Act
    const response = await start({ sql: "SELECT * FROM 'x.parquet'" });

    // Assert
    expect(response.statusCode).toBe(400);
    const { error } = JSON.parse(response.body);
    expect(error.code).toBe('SQL_FORBIDDEN_REFERENCE');
    expect(error.details[0].path).toBe('sql');
    expect(engine.started).toHaveLength(0);
  });

  it('answers 400 with path sql for a missing sql field', async () => {
    // Act
    const response = await start({ query: 'SELECT 1' });

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details[0].path).toBe('sql');
  });

  it('returns the results page with maxResults from the query string', async () => {
    // Arrange
    engine.rows = [[1], [2], [3]];
    await start({ sql: 'SELECT n FROM events' });
    engine.finish('exec-1');

    // Act
    const response = await get(QUERY_ID, { maxResults: '2' });

    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      queryId: QUERY_ID,
      status: 'SUCCEEDED',
      columns: [{ name: 'n', type: 'BIGINT' }],
      rows: [[1], [2]],
      nextToken: 'offset-2',
    });
  });

  it('answers 400 for an out-of-range maxResults', async () => {
    // Act
    const response = await get(QUERY_ID, { maxResults: '5000' });

    // Assert
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details[0].path).toBe('maxResults');
  });

  it("answers 404 for an unknown id, a malformed id and another tenant's query", async () => {
    // Arrange
    await start({ sql: 'SELECT 1' });

    // Act
    const responses = await Promise.all([
      get('0b0f1c8e-8f3a-4c1e-9a7b-2d3c4e5f6a7b'),
      get('not-a-uuid'),
      get(QUERY_ID, undefined, TENANT_B),
    ]);

    // Assert
    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404]);
    expect(responses.map((r) => JSON.parse(r.body).error.code)).toEqual([
      'QUERY_NOT_FOUND',
      'QUERY_NOT_FOUND',
      'QUERY_NOT_FOUND',
    ]);
  });

  it('answers 403 to a key without the query scope', async () => {
    // Act
    const response = await handler(
      apiEvent({
        method: 'POST',
        path: '/v1/queries',
        body: { sql: 'SELECT 1' },
        principal: { scopes: ['ingest'] },
      }),
      lambdaContext(),
    );

    // Assert
    expect(response.statusCode).toBe(403);
  });

  it('answers 500 without internals when the engine fails unexpectedly', async () => {
    // Arrange
    engine.failStart = new Error('secret connection string');

    // Act
    const response = await start({ sql: 'SELECT 1' });

    // Assert
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body).error.code).toBe('INTERNAL');
  });
});
