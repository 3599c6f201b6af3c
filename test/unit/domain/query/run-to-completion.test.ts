import { describe, expect, it, vi } from 'vitest';
import { definedProps } from '../../../../shared/domain/defined-props';
import {
  nextPollWaitMs,
  pollWaitShare,
  QueryRunError,
  runToCompletion,
} from '../../../../shared/domain/query/run-to-completion';
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

describe('the status polling schedule', () => {
  /** The times (ms after the start) at which a query is checked until one at or after `doneAt`. */
  const checks = (doneAt: number, firstPollMs: number, maxPollMs = 500): number[] => {
    const at = [0];
    while ((at.at(-1) as number) < doneAt) {
      const last = at.at(-1) as number;
      at.push(last + nextPollWaitMs(last, firstPollMs, maxPollMs));
    }
    return at;
  };

  it('sees a query done at most a quarter of its run time (or the first wait) late', () => {
    for (const doneAt of [3, 30, 160, 420, 1_000, 1_900]) {
      const seen = checks(doneAt, 5).at(-1) as number;
      expect(seen - doneAt).toBeLessThanOrEqual(Math.max(5, doneAt * pollWaitShare));
    }
    // Doubling waits (5, 10, 20, ...) saw a 160 ms query at 315 ms.
    expect(checks(160, 5).at(-1)).toBeLessThan(200);
  });

  it('thins the checks out: a first wait for slow engines, and at most one per maxPollMs', () => {
    expect(checks(1_000, 100).length).toBeLessThanOrEqual(10);
    expect(nextPollWaitMs(0, 100, 500)).toBe(100);
    expect(nextPollWaitMs(60_000, 5, 500)).toBe(500);
    const minute = checks(60_000, 100);
    expect(minute.length).toBeLessThan(140);
  });

  it("starts from the engine's own first wait", async () => {
    vi.useFakeTimers();
    try {
      let polled = 0;
      const slow: QueryEngine = {
        ...engine([{ status: 'RUNNING' }, { status: 'SUCCEEDED' }], [[1]]),
        firstPollMs: 30,
      };
      const status = slow.status.bind(slow);
      slow.status = (id) => {
        polled++;
        return status(id);
      };
      const run = runToCompletion(slow, 's', scope, { queryId: 'q' });
      await vi.advanceTimersByTimeAsync(29);
      expect(polled).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(polled).toBe(2);
      await expect(run).resolves.toEqual({ columns: [{ name: 'a', type: 'integer' }], rows: [[1]] });
    } finally {
      vi.useRealTimers();
    }
  });
});
