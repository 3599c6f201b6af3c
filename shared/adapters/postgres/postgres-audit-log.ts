/** AuditLog on Postgres: one append-only row per administrative change. */
import type { AuditEntry, AuditLog } from '../../ports/audit-log';
import type { SqlPool } from '../../ports/sql-pool';

export class PostgresAuditLog implements AuditLog {
  constructor(private readonly pool: SqlPool) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.pool.query(
      'INSERT INTO audit_log (tenant_id, actor, action, target, details) VALUES ($1, $2, $3, $4, $5)',
      [entry.tenantId, entry.actor, entry.action, entry.target, JSON.stringify(entry.details ?? {})],
    );
  }
}
