/**
 * Runs one already-prepared statement on the QueryEngine and waits for all its rows: for use
 * cases that need a lake answer inside one request (metric series, reports), unlike a tenant's
 * own query, which the client polls.
 */
import type { QueryColumn, QueryEngine, TenantTables } from '../../ports/query-engine';
import { defaultQueryLimits } from './query-limits';

export interface RunOptions {
  /** The engine's query id (the caller's, so its logs can name it). */
  readonly queryId: string;
  /** @default 25_000 */
  readonly timeoutMs?: number;
  /** First wait between status checks; it doubles up to `maxPollMs`. @default 5 */
  readonly firstPollMs?: number;
  /** @default 500 */
  readonly maxPollMs?: number;
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

/** Thrown when the engine reports FAILED or CANCELLED, or the deadline passes. */
export class QueryRunError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `statement` (the output of `engine.prepare` for `scope`), polls its status with a short
 * first wait (a lake query on a small range takes tens of milliseconds locally) backing off to
 * `maxPollMs`, then reads every result page.
 */
export async function runToCompletion(
  engine: QueryEngine,
  statement: string,
  scope: TenantTables,
  options: RunOptions,
): Promise<CompletedQuery> {
  const maxRows = options.maxRows ?? defaultQueryLimits.maxResultRows;
  const limited: TenantTables = { ...scope, limits: { ...scope.limits, maxResultRows: maxRows } };
  const executionId = await engine.start(options.queryId, statement, limited);
  const deadline = Date.now() + (options.timeoutMs ?? 25_000);
  for (let wait = options.firstPollMs ?? 5; ; wait = Math.min(wait * 2, options.maxPollMs ?? 500)) {
    const { status, error } = await engine.status(executionId);
    if (status === 'SUCCEEDED') break;
    if (status === 'FAILED' || status === 'CANCELLED')
      throw new QueryRunError(`query ${status}: ${error?.message ?? ''}`);
    if (Date.now() > deadline) throw new QueryRunError('query timed out');
    await sleep(wait);
  }
  const rows: (readonly unknown[])[] = [];
  let columns: readonly QueryColumn[] = [];
  let token: string | undefined;
  do {
    const page = await engine.results(executionId, token, 1000);
    columns = page.columns;
    rows.push(...page.rows);
    token = page.nextToken;
  } while (token);
  if (rows.length >= maxRows)
    throw new QueryRunError(`the answer reached ${maxRows} rows and may be cut off`);
  return { columns, rows };
}
