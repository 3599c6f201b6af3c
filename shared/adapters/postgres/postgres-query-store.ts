/** QueryStore on Postgres: one row per query, always read through the tenant. */
import { definedProps } from '../../domain/defined-props';
import type { QueryError, QueryStatus } from '../../ports/query-engine';
import type { QueryRecord, QueryStore } from '../../ports/query-store';
import type { SqlPool } from '../../ports/sql-pool';

interface QueryRow {
  id: string;
  tenant_id: string;
  sql: string;
  status: QueryStatus;
  engine_execution_id: string | null;
  error: string | null;
  error_code: string | null;
  created_at: Date;
}

export class PostgresQueryStore implements QueryStore {
  constructor(private readonly pool: SqlPool) {}

  async create(record: QueryRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO queries (id, tenant_id, sql, status, engine_execution_id, error, error_code, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.id,
        record.tenantId,
        record.sql,
        record.status,
        record.engineExecutionId ?? null,
        record.error?.message ?? null,
        record.error?.code ?? null,
        record.createdAt,
      ],
    );
  }

  async find(tenantId: string, id: string): Promise<QueryRecord | null> {
    const { rows } = await this.pool.query<QueryRow>(
      'SELECT * FROM queries WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      sql: row.sql,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      ...definedProps({
        engineExecutionId: row.engine_execution_id || undefined,
        error: row.error ? { code: row.error_code ?? 'QUERY_FAILED', message: row.error } : undefined,
      }),
    };
  }

  async update(
    tenantId: string,
    id: string,
    patch: { status: QueryStatus; engineExecutionId?: string; error?: QueryError },
  ): Promise<void> {
    const terminal =
      patch.status === 'SUCCEEDED' || patch.status === 'FAILED' || patch.status === 'CANCELLED';
    await this.pool.query(
      `UPDATE queries SET status = $3,
         engine_execution_id = COALESCE($4, engine_execution_id),
         error = COALESCE($5, error),
         error_code = COALESCE($7, error_code),
         finished_at = CASE WHEN $6 THEN now() ELSE finished_at END
       WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        patch.status,
        patch.engineExecutionId ?? null,
        patch.error?.message ?? null,
        terminal,
        patch.error?.code ?? null,
      ],
    );
  }
}
