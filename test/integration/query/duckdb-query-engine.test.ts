import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { DuckDbQueryEngine } from '../../../shared/adapters/duckdb/duckdb-query-engine';
import { DuckDbSqlParser } from '../../../shared/adapters/duckdb/duckdb-sql-parser';
import { eventsDatasetSchema } from '../../../shared/domain/catalog/dataset-schema';
import { definedProps } from '../../../shared/domain/defined-props';
import { ValidationError } from '../../../shared/domain/errors';
import {
  CURATED_ZONE,
  curatedObjectKey,
  datasetPrefix,
  partitionOf,
} from '../../../shared/domain/lake/lake-layout';
import { encodeParquet, type LakeRecord } from '../../../shared/domain/lake/parquet-file';
import { getQuery, type QueryDeps, startQuery } from '../../../shared/domain/query/run-query';
import { s3Client } from '../../../shared/runtime/clients/s3-client';
import { datasetCatalog, queryStore, tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { startTestStack, type TestStack } from '../../support/stand-ins';

let stack: TestStack;
let deps: QueryDeps;
let engine: DuckDbQueryEngine;
let tenantA: string;
let tenantB: string;

function eventsFor(prefix: string, count: number): LakeRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `${prefix}-${i}`,
    receivedAt: '2026-11-25T10:15:00.000Z',
    schemaVersion: 1,
    data: {
      name: i % 2 ? 'click' : 'view',
      timestamp: '2026-11-25T10:00:00.000Z',
      userId: `u${i}`,
      properties: { i },
    },
  }));
}

async function writeEvents(tenantId: string, records: LakeRecord[], fileId: string) {
  const objects = new S3ObjectStore(stack.runtime.client(s3Client));
  const partition = partitionOf(tenantId, 'events', records[0]?.receivedAt ?? '');
  await objects.put(
    stack.env.CURATED_BUCKET as string,
    curatedObjectKey(partition, fileId),
    encodeParquet(eventsDatasetSchema, records),
    'application/vnd.apache.parquet',
  );
}

/** Polls until the query leaves QUEUED/RUNNING: it runs in a pool worker, not in the call. */
async function settle(tenantId: string, queryId: string) {
  for (;;) {
    const view = await getQuery(tenantId, queryId, { maxResults: 1000 }, deps);
    if (view.status !== 'QUEUED' && view.status !== 'RUNNING') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runToEnd(tenantId: string, sql: string) {
  const { queryId } = await startQuery(tenantId, sql, deps);
  return settle(tenantId, queryId);
}

beforeAll(async () => {
  stack = await startTestStack();
  const directory = tenantDirectory(stack.runtime);
  tenantA = (await directory.createTenant('A')).tenantId;
  tenantB = (await directory.createTenant('B')).tenantId;
  engine = new DuckDbQueryEngine(new S3ObjectStore(stack.runtime.client(s3Client)), {
    lakeDir: stack.standIns.lakeDir,
    curatedBucket: stack.env.CURATED_BUCKET as string,
    resultsBucket: stack.env.QUERY_RESULTS_BUCKET as string,
    limits: { maxResultRows: 2_500 },
  });
  deps = {
    catalog: datasetCatalog(stack.runtime),
    store: queryStore(stack.runtime),
    engine,
    parser: new DuckDbSqlParser(),
    newId: randomUUID,
    now: () => new Date(),
  };
  await writeEvents(tenantA, eventsFor('a', 3_000), 'file-a');
  await writeEvents(tenantB, eventsFor('b', 7), 'file-b');
});
afterAll(async () => {
  await stack?.stop();
});

describe('DuckDB query engine over the local lake', () => {
  it('shows each tenant only its own rows, with columns matched case-insensitively', async () => {
    const a = await runToEnd(tenantA, 'SELECT count(*) AS n, count(DISTINCT EVENTID) AS ids FROM Events');
    const b = await runToEnd(tenantB, "select count(*) as n from events where name = 'click'");
    expect(a.status).toBe('SUCCEEDED');
    expect(a.rows).toEqual([[3000, 3000]]);
    expect(b.rows).toEqual([[3]]);
  });

  it('pages results with nextToken and caps them at the configured row limit', async () => {
    const { queryId } = await startQuery(tenantA, 'SELECT eventId FROM events ORDER BY eventId', deps);
    await settle(tenantA, queryId);
    const pages: unknown[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await getQuery(
        tenantA,
        queryId,
        { maxResults: 1000, ...definedProps({ nextToken }) },
        deps,
      );
      pages.push([...(page.rows ?? [])]);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(new Set(pages.flat().map((r) => JSON.stringify(r))).size).toBe(2500);
  });

  it('reports SQL errors as a FAILED query with the engine message', async () => {
    const result = await runToEnd(tenantA, 'SELECT no_such_column FROM events');
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({
      code: 'QUERY_FAILED',
      message: expect.stringMatching(/no_such_column/),
    });
  });

  it('serves an empty, typed table for a dataset with no data yet', async () => {
    await datasetCatalog(stack.runtime).register(
      tenantB,
      'orders',
      [{ name: 'amount', type: 'number', required: true }],
      undefined,
    );
    const result = await runToEnd(tenantB, 'SELECT count(*) AS n, sum(amount) AS total FROM orders');
    expect(result.rows).toEqual([[0, null]]);
  });

  it('rejects file access before it reaches the engine', async () => {
    const path = join(
      stack.standIns.lakeDir,
      stack.env.CURATED_BUCKET as string,
      datasetPrefix(CURATED_ZONE, tenantB, 'events'),
    );
    await expect(startQuery(tenantA, `SELECT * FROM read_parquet('${path}**')`, deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("sandboxes the engine itself: another tenant's files cannot be opened even if the guard were bypassed", async () => {
    const path = join(
      stack.standIns.lakeDir,
      stack.env.CURATED_BUCKET as string,
      datasetPrefix(CURATED_ZONE, tenantB, 'events'),
    );
    const scope = {
      tenantId: tenantA,
      tables: new Map([['events', eventsDatasetSchema.fields.map((f) => ({ name: f.name, type: f.type }))]]),
    };
    const executionId = await engine.start(
      randomUUID(),
      `SELECT count(*) FROM read_parquet('${path}**/*')`,
      scope,
    );
    let status = await engine.status(executionId);
    while (status.status === 'QUEUED' || status.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await engine.status(executionId);
    }
    expect(status.status).toBe('FAILED');
    expect(status.error?.message).toMatch(/Permission|disabled|access/i);
    // The tenant is told no host path, not even its own lake folder.
    expect(status.error?.message).not.toContain(stack.standIns.lakeDir);
  });
});
