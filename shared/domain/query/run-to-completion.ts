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
  /** Shortest wait between status checks. @default the engine's `firstPollMs`, else 5 */
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

/** The wait between status checks as a share of the time the query has run so far. */
export const pollWaitShare = 0.25;

/**
 * The wait before the next status check, `elapsedMs` after the start: a quarter of the time run
 * so far, at least `firstPollMs`, at most `maxPollMs`. A query is then seen done at most a quarter
 * of its run time late (plus one check), where doubling waits (5, 10, 20, 40, 80, 160 ms) saw a
 * 160 ms query only at 315 ms; the checks still thin out as a query runs on (about 9 in its first
 * second from a 100 ms floor, then 2 a second: well inside Athena's GetQueryExecution quota).
 */
export function nextPollWaitMs(elapsedMs: number, firstPollMs: number, maxPollMs: number): number {
  return Math.min(maxPollMs, Math.max(firstPollMs, elapsedMs * pollWaitShare));
}

/**
 * Starts `statement` (the output of `engine.prepare` for `scope`) and polls its status on the
 * schedule of `nextPollWaitMs`; returns the execution id once it succeeded.
 */
export async function startAndWait(
  engine: QueryEngine,
  statement: string,
  scope: TenantTables,
  options: WaitOptions,
): Promise<string> {
  const executionId = await engine.start(options.queryId, statement, scope);
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 25_000);
  const firstPollMs = options.firstPollMs ?? engine.firstPollMs ?? 5;
  for (;;) {
    const { status, error } = await engine.status(executionId);
    if (status === 'SUCCEEDED') return executionId;
    if (status === 'FAILED' || status === 'CANCELLED')
      throw new QueryRunError(
        error?.code ?? `QUERY_${status}`,
        error?.message ?? `query ${status.toLowerCase()}`,
      );
    if (Date.now() > deadline) throw new QueryRunError('QUERY_TIMEOUT', 'the query did not finish in time');
    await sleep(nextPollWaitMs(Date.now() - started, firstPollMs, options.maxPollMs ?? 500));
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
