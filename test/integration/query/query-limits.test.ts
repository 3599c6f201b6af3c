/**
 * The DuckDB engine's resource limits: each ends the query FAILED with the limit's code, and a
 * tenant's runaway queries neither block the pool nor queue another tenant behind them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { DuckDbQueryEngine } from '../../../shared/adapters/duckdb/duckdb-query-engine';
import { DuckDbWorkerPool } from '../../../shared/adapters/duckdb/duckdb-worker-pool';
import type { QueryLimits } from '../../../shared/domain/query/query-limits';
import type { QueryExecution } from '../../../shared/ports/query-engine';
import { s3Client } from '../../../shared/runtime/clients/s3-client';
import { startTestStack, type TestStack } from '../../support/stand-ins';

let stack: TestStack;
let engine: DuckDbQueryEngine;
const pool = new DuckDbWorkerPool(3);
const runaway = 'SELECT count(*) FROM range(100000000000) a';

function start(tenantId: string, sql: string, limits: Partial<QueryLimits> = {}): Promise<string> {
  return engine.start(randomUUID(), sql, { tenantId, tables: new Map(), limits });
}

async function settled(executionId: string): Promise<QueryExecution> {
  for (;;) {
    const execution = await engine.status(executionId);
    if (execution.status !== 'QUEUED' && execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  engine = new DuckDbQueryEngine(new S3ObjectStore(stack.runtime.client(s3Client)), {
    lakeDir: stack.standIns.lakeDir,
    curatedBucket: stack.env.CURATED_BUCKET as string,
    resultsBucket: stack.env.QUERY_RESULTS_BUCKET as string,
    pool,
  });
});
afterAll(async () => {
  pool.close();
  await stack?.stop();
});

describe('query limits', () => {
  it('stops a query at its run time with QUERY_TIMEOUT', async () => {
    const result = await settled(await start(randomUUID(), runaway, { timeoutMs: 300 }));
    expect(result).toMatchObject({ status: 'FAILED', error: { code: 'QUERY_TIMEOUT' } });
  });

  it('stops a query over its memory with QUERY_MEMORY_LIMIT', async () => {
    const sql =
      'SELECT count(*) FROM (SELECT i % 3000000 AS k, list(i) FROM range(30000000) t(i) GROUP BY 1)';
    const result = await settled(await start(randomUUID(), sql, { memoryBytes: 64 * 1024 ** 2 }));
    expect(result).toMatchObject({ status: 'FAILED', error: { code: 'QUERY_MEMORY_LIMIT' } });
  });

  it('fails a result over its byte limit with QUERY_RESULT_TOO_LARGE, and keeps one under it', async () => {
    const sql = "SELECT repeat('x', 1000) FROM range(100)";
    const over = await settled(await start(randomUUID(), sql, { maxResultBytes: 50_000 }));
    const under = await settled(await start(randomUUID(), sql, { maxResultBytes: 200_000 }));
    expect(over).toMatchObject({ status: 'FAILED', error: { code: 'QUERY_RESULT_TOO_LARGE' } });
    expect(under.status).toBe('SUCCEEDED');
  });

  it("runs another tenant's query at once while one tenant's runaway queries fill its own slots", async () => {
    const noisy = randomUUID();
    const runaways = await Promise.all(
      Array.from({ length: 6 }, () => start(noisy, runaway, { timeoutMs: 4_000, concurrentQueries: 2 })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const statuses = await Promise.all(runaways.map((id) => engine.status(id)));
    const quiet = await settled(await start(randomUUID(), 'SELECT 42'));
    const noisyAfter = await Promise.all(runaways.map((id) => engine.status(id)));

    expect(statuses.filter((s) => s.status === 'RUNNING')).toHaveLength(2);
    expect(statuses.filter((s) => s.status === 'QUEUED')).toHaveLength(4);
    expect(quiet.status).toBe('SUCCEEDED');
    // The quiet tenant finished while every one of the noisy tenant's queries was still pending.
    expect(noisyAfter.every((s) => s.status === 'RUNNING' || s.status === 'QUEUED')).toBe(true);
  });

  it('refuses a start past the tenant queue with 429 QUERY_QUEUE_FULL', async () => {
    const tenant = randomUUID();
    const limits = { concurrentQueries: 1, queuedQueries: 1, timeoutMs: 2_000 };
    await start(tenant, runaway, limits);
    await start(tenant, runaway, limits);
    await expect(start(tenant, runaway, limits)).rejects.toMatchObject({
      kind: 'throttled',
      code: 'QUERY_QUEUE_FULL',
    });
  });
});
