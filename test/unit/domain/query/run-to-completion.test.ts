import { describe, expect, it } from 'vitest';
import { definedProps } from '../../../../shared/domain/defined-props';
import { QueryRunError, runToCompletion } from '../../../../shared/domain/query/run-to-completion';
import type { QueryEngine, QueryExecution, TenantTables } from '../../../../shared/ports/query-engine';

const scope: TenantTables = { tenantId: 't', tables: new Map() };

/** An engine that reports `statuses` in turn, then serves `rows` in pages of 2. */
function engine(statuses: QueryExecution[], rows: unknown[][], seen: TenantTables[] = []): QueryEngine {
  let polled = 0;
  return {
    prepare: (sql) => sql,
    start: async (_id, _sql, s) => {
      seen.push(s);
      return 'x';
    },
    status: async () => statuses[Math.min(polled++, statuses.length - 1)] as QueryExecution,
    results: async (_id, token, _max) => {
      const offset = token ? Number(token) : 0;
      const end = offset + 2;
      return {
        columns: [{ name: 'a', type: 'integer' }],
        rows: rows.slice(offset, end),
        ...definedProps({ nextToken: end < rows.length ? String(end) : undefined }),
      };
    },
  };
}

describe('runToCompletion', () => {
  it('waits for the engine and reads every page, with the row limit raised for the run', async () => {
    const seen: TenantTables[] = [];
    const result = await runToCompletion(
      engine([{ status: 'QUEUED' }, { status: 'RUNNING' }, { status: 'SUCCEEDED' }], [[1], [2], [3]], seen),
      'SELECT 1',
      scope,
      { queryId: 'q', firstPollMs: 1, maxRows: 50 },
    );

    expect(result.rows).toEqual([[1], [2], [3]]);
    expect(seen[0]?.limits?.maxResultRows).toBe(50);
  });

  it('fails on a failed query, on a deadline, and on an answer that reached the row limit', async () => {
    await expect(
      runToCompletion(engine([{ status: 'FAILED', error: { code: 'X', message: 'boom' } }], []), 's', scope, {
        queryId: 'q',
      }),
    ).rejects.toThrow(/boom/);
    await expect(
      runToCompletion(engine([{ status: 'RUNNING' }], []), 's', scope, {
        queryId: 'q',
        timeoutMs: 5,
        firstPollMs: 2,
      }),
    ).rejects.toThrow(QueryRunError);
    await expect(
      runToCompletion(engine([{ status: 'SUCCEEDED' }], [[1], [2], [3]]), 's', scope, {
        queryId: 'q',
        maxRows: 3,
      }),
    ).rejects.toThrow(/cut off/);
  });
});
