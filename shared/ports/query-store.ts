/** Port for the record of each query a tenant ran. */
import type { QueryError, QueryStatus } from './query-engine';

export interface QueryRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly sql: string;
  readonly status: QueryStatus;
  readonly engineExecutionId?: string;
  readonly error?: QueryError;
  readonly createdAt: string;
}

export interface QueryStore {
  create(record: QueryRecord): Promise<void>;
  /** A query of this tenant, or null: other tenants' queries are invisible. */
  find(tenantId: string, id: string): Promise<QueryRecord | null>;
  update(
    tenantId: string,
    id: string,
    patch: { status: QueryStatus; engineExecutionId?: string; error?: QueryError },
  ): Promise<void>;
}
