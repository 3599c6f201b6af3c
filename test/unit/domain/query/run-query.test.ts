import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors';
import { getQuery, type QueryDeps, startQuery } from '../../../../shared/domain/query/run-query';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryDatasetCatalog } from '../../../support/twins/in-memory-dataset-catalog';
import { InMemoryQueryEngine } from '../../../support/twins/in-memory-query-engine';
import { InMemoryQueryStore } from '../../../support/twins/in-memory-query-store';

const QUERY_ID = '3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f';
const firstPage = { maxResults: 1000 };

describe('startQuery / getQuery', () => {
  let engine: InMemoryQueryEngine;
  let store: InMemoryQueryStore;
  let catalog: InMemoryDatasetCatalog;
  let deps: QueryDeps;

  beforeEach(() => {
    engine = new InMemoryQueryEngine();
    store = new InMemoryQueryStore();
    catalog = new InMemoryDatasetCatalog();
    deps = {
      catalog,
      engine,
      parser: null,
      store,
      newId: () => QUERY_ID,
      now: () => new Date('2026-02-03T04:05:06.000Z'),
    };
  });

  it('records the guarded query, starts it over the tenant tables and marks it RUNNING', async () => {
    // Arrange
    await catalog.register(
      TENANT_A,
      'orders',
      [{ name: 'total', type: 'number', required: true }],
      undefined,
    );
    await catalog.register(TENANT_B, 'secrets', [{ name: 'x', type: 'string', required: true }], undefined);

    // Act
    const result = await startQuery(TENANT_A, 'SELECT count(*) FROM orders;', deps);

    // Assert
    expect(result).toEqual({ queryId: QUERY_ID });
    expect(engine.started).toHaveLength(1);
    const started = engine.started[0];
    expect(started?.sql).toBe('SELECT count(*) FROM orders');
    expect(started?.scope.tenantId).toBe(TENANT_A);
    expect([...(started?.scope.tables.keys() ?? [])]).toEqual(['events', 'orders']);
    expect(started?.scope.tables.get('orders')).toEqual([{ name: 'total', type: 'number' }]);
    expect(store.records.get(QUERY_ID)).toEqual({
      id: QUERY_ID,
      tenantId: TENANT_A,
      sql: 'SELECT count(*) FROM orders',
      status: 'RUNNING',
      engineExecutionId: 'exec-1',
      createdAt: '2026-02-03T04:05:06.000Z',
    });
  });

  it('rejects unsafe SQL before recording or starting anything', async () => {
    // Act
    const attempt = startQuery(TENANT_A, 'DROP TABLE events', deps);

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'SQL_NOT_READ_ONLY' });
    expect(store.records.size).toBe(0);
    expect(engine.started).toHaveLength(0);
  });

  it('marks the query FAILED when the engine cannot start it', async () => {
    // Arrange
    engine.failStart = new Error('engine down');

    // Act
    const attempt = startQuery(TENANT_A, 'SELECT 1', deps);

    // Assert
    await expect(attempt).rejects.toThrow('engine down');
    expect(store.records.get(QUERY_ID)?.status).toBe('FAILED');
  });

  it('persists the status transition it observes and returns the first page once SUCCEEDED', async () => {
    // Arrange
    engine.rows = [[1], [2], [3]];
    await startQuery(TENANT_A, 'SELECT n FROM events', deps);
    const running = await getQuery(TENANT_A, QUERY_ID, firstPage, deps);
    engine.finish('exec-1');

    // Act
    const done = await getQuery(TENANT_A, QUERY_ID, firstPage, deps);

    // Assert
    expect(running).toEqual({ queryId: QUERY_ID, status: 'RUNNING' });
    expect(done).toEqual({
      queryId: QUERY_ID,
      status: 'SUCCEEDED',
      columns: [{ name: 'n', type: 'BIGINT' }],
      rows: [[1], [2], [3]],
    });
    expect(store.records.get(QUERY_ID)?.status).toBe('SUCCEEDED');
    expect(store.updates.map((u) => u.status)).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('persists a failure with its reason and returns no rows', async () => {
    // Arrange
    await startQuery(TENANT_A, 'SELECT 1', deps);
    engine.finish('exec-1', {
      status: 'FAILED',
      error: { code: 'QUERY_FAILED', message: 'COLUMN_NOT_FOUND' },
    });

    // Act
    const view = await getQuery(TENANT_A, QUERY_ID, firstPage, deps);

    // Assert
    expect(view).toEqual({
      queryId: QUERY_ID,
      status: 'FAILED',
      error: { code: 'QUERY_FAILED', message: 'COLUMN_NOT_FOUND' },
    });
    expect(store.records.get(QUERY_ID)).toMatchObject({
      status: 'FAILED',
      error: { code: 'QUERY_FAILED', message: 'COLUMN_NOT_FOUND' },
    });
    expect(engine.resultCalls).toHaveLength(0);
  });

  it('does not ask the engine again once the stored status is final', async () => {
    // Arrange
    await startQuery(TENANT_A, 'SELECT 1', deps);
    engine.finish('exec-1', { status: 'CANCELLED' });
    await getQuery(TENANT_A, QUERY_ID, firstPage, deps);
    engine.finish('exec-1', { status: 'SUCCEEDED' });

    // Act
    const view = await getQuery(TENANT_A, QUERY_ID, firstPage, deps);

    // Assert
    expect(view.status).toBe('CANCELLED');
  });

  it('passes maxResults and nextToken through and returns the next token', async () => {
    // Arrange
    engine.rows = [[1], [2], [3], [4], [5]];
    await startQuery(TENANT_A, 'SELECT n FROM events', deps);
    engine.finish('exec-1');

    // Act
    const page1 = await getQuery(TENANT_A, QUERY_ID, { maxResults: 2 }, deps);
    const page2 = await getQuery(TENANT_A, QUERY_ID, { maxResults: 2, nextToken: page1.nextToken }, deps);

    // Assert
    expect(page1).toMatchObject({ rows: [[1], [2]], nextToken: 'offset-2' });
    expect(page2).toMatchObject({ rows: [[3], [4]], nextToken: 'offset-4' });
    expect(engine.resultCalls).toEqual([
      { executionId: 'exec-1', nextToken: undefined, maxRows: 2 },
      { executionId: 'exec-1', nextToken: 'offset-2', maxRows: 2 },
    ]);
  });

  it('maps a token the engine did not issue to INVALID_NEXT_TOKEN on nextToken', async () => {
    // Arrange
    await startQuery(TENANT_A, 'SELECT 1', deps);
    engine.finish('exec-1');

    // Act
    const attempt = getQuery(TENANT_A, QUERY_ID, { maxResults: 10, nextToken: 'forged' }, deps);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      code: 'INVALID_NEXT_TOKEN',
      details: [{ path: 'nextToken' }],
    });
  });

  it("hides a tenant's query from every other tenant", async () => {
    // Arrange
    await startQuery(TENANT_A, 'SELECT 1', deps);

    // Act
    const attempt = getQuery(TENANT_B, QUERY_ID, firstPage, deps);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'QUERY_NOT_FOUND' });
    expect(store.records.get(QUERY_ID)?.status).toBe('RUNNING');
  });

  it.each(['not-a-uuid', "x' OR '1'='1", ''])(
    'answers QUERY_NOT_FOUND for the id %j without a lookup',
    async (id) => {
      // Arrange
      let lookups = 0;
      const counting: QueryDeps = {
        ...deps,
        store: {
          create: (r) => store.create(r),
          update: (t, q, p) => store.update(t, q, p),
          find: async () => {
            lookups++;
            return null;
          },
        },
      };

      // Act
      const attempt = getQuery(TENANT_A, id, firstPage, counting);

      // Assert
      await expect(attempt).rejects.toMatchObject({ code: 'QUERY_NOT_FOUND' });
      expect(lookups).toBe(0);
    },
  );
});
