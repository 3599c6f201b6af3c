/** Port for the SQL engine over the lake: DuckDB locally, Athena in AWS. */
export type QueryStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

export interface QueryExecution {
  readonly status: QueryStatus;
  readonly error?: string;
}

export interface QueryPage {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly nextToken?: string;
}

/** The tenant's tables: dataset name to its column names, in schema order. */
export interface TenantTables {
  readonly tenantId: string;
  readonly tables: ReadonlyMap<string, readonly { name: string; type: string }[]>;
}

export interface QueryEngine {
  /** Starts a query already checked by the SQL guard; returns the engine's execution id. */
  start(queryId: string, sql: string, scope: TenantTables): Promise<string>;
  status(executionId: string): Promise<QueryExecution>;
  results(executionId: string, nextToken: string | undefined, maxRows: number): Promise<QueryPage>;
}
