/** SuppressionStore on Postgres (`email_suppressions`), every statement scoped by tenant. */
import type { SqlPool } from '../../ports/sql-pool';
import type {
  NewSuppression,
  Suppression,
  SuppressionReason,
  SuppressionStore,
} from '../../ports/suppression-store';

export class PostgresSuppressionStore implements SuppressionStore {
  constructor(private readonly pool: SqlPool) {}

  async suppress(s: NewSuppression): Promise<boolean> {
    // The report must be the tenant's; a tenant-wide suppression needs only the tenant.
    const result = await this.pool.query(
      `INSERT INTO email_suppressions (tenant_id, address, report_id, reason, detail)
       SELECT $1, lower($2), $3::uuid, $4, $5
       WHERE ($3::uuid IS NULL AND EXISTS (SELECT 1 FROM tenants WHERE id = $1))
          OR EXISTS (SELECT 1 FROM reports WHERE tenant_id = $1 AND id = $3::uuid)
       ON CONFLICT DO NOTHING`,
      [s.tenantId, s.address, s.reportId ?? null, s.reason, s.detail?.slice(0, 1000) ?? null],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async find(tenantId: string, reportId: string, address: string): Promise<Suppression | null> {
    const { rows } = await this.pool.query<{ reason: SuppressionReason; tenant_wide: boolean }>(
      `SELECT reason, report_id IS NULL AS tenant_wide FROM email_suppressions
       WHERE tenant_id = $1 AND address = lower($3) AND (report_id IS NULL OR report_id = $2)
       ORDER BY report_id NULLS FIRST, created_at LIMIT 1`,
      [tenantId, reportId, address],
    );
    const row = rows[0];
    return row ? { reason: row.reason, tenantWide: row.tenant_wide } : null;
  }
}
