/**
 * Bootstraps the local platform with the same use case the AWS bootstrap function runs
 * (`bootstrapPlatform`): an operator key, the demo tenant and its admin key, each shown once.
 * Locally the keys go to `<dataDir>/local.json` (see infra/local/demo-credentials.ts) instead of
 * Secrets Manager.
 */
import pg from 'pg';
import { bootstrapPlatform } from '../../domain/tenancy/manage-tenants';
import { PostgresAuditLog } from './postgres-audit-log';
import { PostgresTenantDirectory } from './postgres-tenant-directory';

export async function createDemoTenant(
  databaseUrl: string,
  name = 'Demo tenant',
): Promise<{ tenantId: string; apiKey: string; operatorKey: string }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const deps = { directory: new PostgresTenantDirectory(pool), audit: new PostgresAuditLog(pool) };
    return await bootstrapPlatform({ tenantName: name }, deps);
  } finally {
    await pool.end();
  }
}
