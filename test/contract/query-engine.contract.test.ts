/**
 * QueryEngine contract: the in-memory twin and DuckDbQueryEngine (results in s3rver) must page
 * results and report outcomes alike. The twin does not run SQL, so each subject comes with a way
 * to obtain a finished execution with a known result; what the suite compares is what callers
 * see through the port: statuses, columns, pages and tokens.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store';
import { DuckDbQueryEngine } from '../../shared/adapters/duckdb/duckdb-query-engine';
import { InvalidPageTokenError } from '../../shared/domain/query/run-query';
import type { QueryEngine, QueryPage, TenantTables } from '../../shared/ports/query-engine';
import { s3Client } from '../../shared/runtime/clients/s3-client';
import { InMemoryQueryEngine } from '../support/twins/in-memory-query-engine';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly engine: QueryEngine;
  /** The execution id of a finished query whose result is one BIGINT column `n` holding 0..count-1. */
  succeeded(count: number): Promise<string>;
  /** The execution id of a query that failed. */
  failed(): Promise<string>;
}

/** Reads every page of an execution, following the tokens. */
async function readAll(engine: QueryEngine, executionId: string, maxRows: number): Promise<QueryPage[]> {
  const pages: QueryPage[] = [];
  let token: string | undefined;
  do {
    const page = await engine.results(executionId, token, maxRows);
    pages.push(page);
    token = page.nextToken;
  } while (token !== undefined && pages.length < 100);
  return pages;
}

const ints = (count: number) => Array.from({ length: count }, (_, i) => [i]);

/**
 * Defines the QueryEngine behaviours once; each subject runs all of them.
 * Left out because the subjects disagree (the port does not say):
 * - `status` of an execution id the engine never issued: the twin throws, DuckDB reports FAILED
 *   ("The query result has expired");
 * - `results` of such an id: DuckDB throws, the twin pages its scripted rows as if it existed.
 */
function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`QueryEngine contract: ${name}`, () => {
    let s: Subject;
    beforeEach(() => {
      s = makeSubject();
    });

    it('reports a finished query as SUCCEEDED without an error', async () => {
      const executionId = await s.succeeded(3);

      expect(await s.engine.status(executionId)).toEqual({ status: 'SUCCEEDED' });
    });

    it('reports a failed query as FAILED with a reason', async () => {
      const executionId = await s.failed();

      const execution = await s.engine.status(executionId);

      expect(execution.status).toBe('FAILED');
      expect(execution.error).toEqual({ code: expect.any(String), message: expect.any(String) });
      expect(execution.error?.message.length).toBeGreaterThan(0);
    });

    it('returns the whole result in one page when it fits, without a next token', async () => {
      const executionId = await s.succeeded(5);

      const page = await s.engine.results(executionId, undefined, 10);

      expect(page.columns).toEqual([{ name: 'n', type: 'BIGINT' }]);
      expect(page.rows).toEqual(ints(5));
      expect(page).not.toHaveProperty('nextToken');
    });

    it('pages a larger result, each row once and in order, the last page without a token', async () => {
      // Arrange
      const executionId = await s.succeeded(23);

      // Act
      const pages = await readAll(s.engine, executionId, 5);

      // Assert
      expect(pages.map((p) => p.rows.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flatMap((p) => p.rows)).toEqual(ints(23));
      expect(pages.slice(0, -1).every((p) => typeof p.nextToken === 'string')).toBe(true);
      expect(pages.at(-1)).not.toHaveProperty('nextToken');
      for (const page of pages) expect(page.columns).toEqual([{ name: 'n', type: 'BIGINT' }]);
    });

    it('gives no next token when the last page is exactly full', async () => {
      const executionId = await s.succeeded(10);

      const pages = await readAll(s.engine, executionId, 5);

      expect(pages.map((p) => p.rows.length)).toEqual([5, 5]);
      expect(pages[1]).not.toHaveProperty('nextToken');
    });

    it('returns the same page for the same token, however often it is read', async () => {
      const executionId = await s.succeeded(12);
      const first = await s.engine.results(executionId, undefined, 4);

      const again = await s.engine.results(executionId, first.nextToken, 4);
      const once = await s.engine.results(executionId, first.nextToken, 4);

      expect(again).toEqual(once);
      expect(again.rows).toEqual(ints(12).slice(4, 8));
    });

    it('returns an empty result with its columns and no token', async () => {
      const executionId = await s.succeeded(0);

      const page = await s.engine.results(executionId, undefined, 10);

      expect(page).toEqual({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [] });
    });

    it('refuses a page token it did not issue', async () => {
      const executionId = await s.succeeded(3);

      await expect(s.engine.results(executionId, 'not-a-token!', 10)).rejects.toBeInstanceOf(
        InvalidPageTokenError,
      );
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['s3']);
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

/** Waits until a started execution leaves QUEUED/RUNNING (DuckDB runs it in a pool worker). */
async function settled(engine: DuckDbQueryEngine, started: Promise<string>): Promise<string> {
  const executionId = await started;
  for (let i = 0; i < 600; i++) {
    const { status } = await engine.status(executionId);
    if (status !== 'QUEUED' && status !== 'RUNNING') return executionId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`execution ${executionId} did not finish`);
}

/** A tenant with no datasets: the contract's queries read no lake files. */
const scope = (): TenantTables => ({ tenantId: randomUUID(), tables: new Map() });

describeContract('InMemoryQueryEngine (twin)', () => {
  const engine = new InMemoryQueryEngine();
  return {
    engine,
    async succeeded(count) {
      engine.columns = [{ name: 'n', type: 'BIGINT' }];
      engine.rows = ints(count);
      const executionId = await engine.start(randomUUID(), 'SELECT n FROM t', scope());
      engine.finish(executionId);
      return executionId;
    },
    async failed() {
      const executionId = await engine.start(randomUUID(), 'SELECT nope FROM t', scope());
      engine.finish(executionId, {
        status: 'FAILED',
        error: { code: 'QUERY_FAILED', message: 'Referenced column "nope" not found' },
      });
      return executionId;
    },
  };
});

describeContract('DuckDbQueryEngine on the s3rver lake', () => {
  const { runtime, env, lakeDir } = started();
  const engine = new DuckDbQueryEngine(new S3ObjectStore(runtime.client(s3Client)), {
    lakeDir,
    curatedBucket: env.CURATED_BUCKET as string,
    resultsBucket: env.QUERY_RESULTS_BUCKET as string,
  });
  return {
    engine,
    succeeded: (count) =>
      settled(
        engine,
        engine.start(randomUUID(), `SELECT i AS n FROM range(${count}) AS t(i) ORDER BY i`, scope()),
      ),
    failed: () => settled(engine, engine.start(randomUUID(), 'SELECT nope FROM range(1) AS t(i)', scope())),
  };
});
