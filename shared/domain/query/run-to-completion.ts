/**
 * Runs one already-prepared statement on the QueryEngine and waits for its rows: for use cases
 * that need a lake answer inside one request or run (metric series, reports), unlike a tenant's
 * own query, which the client polls.
 */
import type { QueryColumn, QueryEngine, TenantTables } from '../../ports/query-engine';
import { defaultQueryLimits } from './query-limits';

export interface WaitOptions {
  /** The engine's query id (the caller's, so its logs can name it). */
  readonly queryId: string;
  /** @default 25_000 */
  readonly timeoutMs?: number | undefined;
  /** First wait between status checks; it doubles up to `maxPollMs`. @default 5 */
  readonly firstPollMs?: number;
  /** @default 500 */
  readonly maxPollMs?: number;
}

export interface RunOptions extends WaitOptions {
  /**
   * Rows the answer may have. The engine cuts results off at its row limit without saying so
   * through the port, so the limit is raised to this for the run, and an answer that reaches it
   * fails rather than being taken as complete. @default the engine's own limit (10,000)
   */
  readonly maxRows?: number;
}

export interface CompletedQuery {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Thrown when the engine reports FAILED or CANCELLED, or the deadline passes; `code` is the engine's. */
export class QueryRunError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryRunError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `statement` (the output of `engine.prepare` for `scope`) and polls its status with a
 * short first wait (a lake query on a small range takes tens of milliseconds locally) backing off
 * to `maxPollMs`; returns the execution id once it succeeded.
 */
export async function startAndWait(
  engine: QueryEngine,
  statement: string,
  scope: TenantTables,
  options: WaitOptions,
): Promise<string> {
  const executionId = await engine.start(options.queryId, statement, scope);
  const deadline = Date.now() + (options.timeoutMs ?? 25_000);
  for (let wait = options.firstPollMs ?? 5; ; wait = Math.min(wait * 2, options.maxPollMs ?? 500)) {
    const { status, error } = await engine.status(executionId);
    if (status === 'SUCCEEDED') return executionId;
    if (status === 'FAILED' || status === 'CANCELLED')
      throw new QueryRunError(
        error?.code ?? `QUERY_${status}`,
        error?.message ?? `query ${status.toLowerCase()}`,
      );
    if (Date.now() > deadline) throw new QueryRunError('QUERY_TIMEOUT', 'the query did not finish in time');
    await sleep(wait);
  }
}

/** Up to `maxRows` rows of a finished execution, page by page; `truncated` when more were left. */
export async function readRows(
  engine: QueryEngine,
  executionId: string,
  maxRows: number,
): Promise<{ columns: readonly QueryColumn[]; rows: (readonly unknown[])[]; truncated: boolean }> {
  const rows: (readonly unknown[])[] = [];
  let columns: readonly QueryColumn[] = [];
  let token: string | undefined;
  do {
    const page = await engine.results(executionId, token, Math.min(1000, maxRows - rows.length + 1));
    columns = page.columns;
    rows.push(...page.rows);
    token = page.nextToken;
  } while (token && rows.length <= maxRows);
  const truncated = rows.length > maxRows || token !== undefined;
  return { columns, rows: rows.slice(0, maxRows), truncated };
}

/** Starts, waits for and reads the whole answer, failing when it may have been cut off. */
export async function runToCompletion(
  engine: QueryEngine,
  statement: string,
  scope: TenantTables,
  options: RunOptions,
): Promise<CompletedQuery> {
  const maxRows = options.maxRows ?? defaultQueryLimits.maxResultRows;
  const limited: TenantTables = { ...scope, limits: { ...scope.limits, maxResultRows: maxRows } };
  const executionId = await startAndWait(engine, statement, limited, options);
  const { columns, rows } = await readRows(engine, executionId, maxRows);
  if (rows.length >= maxRows)
    throw new QueryRunError(
      'QUERY_RESULT_TOO_LARGE',
      `the answer reached ${maxRows} rows and may be cut off`,
    );
  return { columns, rows };
}
