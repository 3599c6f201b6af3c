/**
 * Runs a prepared, checked statement to its end and reads its rows: for callers that need the
 * whole answer now (a report's query block) rather than a query id to poll.
 */
import type { QueryColumn, QueryEngine, TenantTables } from '../../ports/query-engine';

export class QueryFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryFailedError';
  }
}

export interface CompletionOptions {
  readonly newId: () => string;
  /** @default 25_000 */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts `statement` and waits, backing off from 50 ms to 1 s, until it succeeds; returns the execution id. */
export async function runToCompletion(
  engine: QueryEngine,
  statement: string,
  scope: TenantTables,
  options: CompletionOptions,
): Promise<string> {
  const executionId = await engine.start(options.newId(), statement, scope);
  const deadline = Date.now() + (options.timeoutMs ?? 25_000);
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    const { status, error } = await engine.status(executionId);
    if (status === 'SUCCEEDED') return executionId;
    if (status === 'FAILED' || status === 'CANCELLED')
      throw new QueryFailedError(
        error?.code ?? `QUERY_${status}`,
        error?.message ?? `query ${status.toLowerCase()}`,
      );
    if (Date.now() > deadline)
      throw new QueryFailedError('QUERY_TIMEOUT', 'the query did not finish in time');
    await (options.sleep ?? pause)(wait);
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
