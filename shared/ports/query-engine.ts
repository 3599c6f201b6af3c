/** Port for the SQL engine over the lake: DuckDB locally, Athena in AWS. */
import type { QueryLimits } from '../domain/query/query-limits';

export type QueryStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

/** Why a query failed; `code` names the limit when a limit stopped it. */
export interface QueryError {
  readonly code: string;
  readonly message: string;
}

export interface QueryExecution {
  readonly status: QueryStatus;
  readonly error?: QueryError;
}

export interface QueryPage {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly nextToken?: string;
}

/** The tenant's tables: dataset name to its column names, in schema order; and its limits. */
export interface TenantTables {
  readonly tenantId: string;
  readonly tables: ReadonlyMap<string, readonly { name: string; type: string }[]>;
  /** The tenant's own query limits, where they differ from the engine's defaults. */
  readonly limits?: Partial<QueryLimits>;
}

export interface QueryEngine {
  /**
   * About the shortest time a query of this engine takes: callers waiting for an answer check
   * its status no sooner (see run-to-completion.ts). Absent: 5 ms.
   */
  readonly firstPollMs?: number;
  /**
   * The exact statement the engine will send for the tenant's SQL (Athena adds the tenant's
   * CTEs; DuckDB sends it as it is), so the guard checks what runs, not what was typed.
   */
  prepare(sql: string, scope: TenantTables): string;
  /** Starts a statement returned by `prepare` and already checked; returns the engine's execution id. */
  start(queryId: string, statement: string, scope: TenantTables): Promise<string>;
  status(executionId: string): Promise<QueryExecution>;
  results(executionId: string, nextToken: string | undefined, maxRows: number): Promise<QueryPage>;
}
