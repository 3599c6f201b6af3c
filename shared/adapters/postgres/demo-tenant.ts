/** Bootstraps the local platform: an operator key, the demo tenant and its admin key (each shown once). */
import pg from 'pg';
import { PostgresAuditLog } from './postgres-audit-log';
import { PostgresTenantDirectory } from './postgres-tenant-directory';

export async function createDemoTenant(
  databaseUrl: string,
  name = 'Demo tenant',
): Promise<{ tenantId: string; apiKey: string; keyId: string; operatorKey: string }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const directory = new PostgresTenantDirectory(pool);
    const { tenantId } = await directory.createTenant(name);
    const key = await directory.createApiKey(tenantId, 'demo key', ['ingest', 'query', 'admin']);
    await new PostgresAuditLog(pool).record({
      tenantId,
      actor: 'system',
      action: 'api-key.created',
      target: key.keyId,
      details: { name: 'demo key', displayPrefix: key.displayPrefix },
    });
    const operator = await directory.createOperatorKey('local operator key');
    return { tenantId, apiKey: key.apiKey, keyId: key.keyId, operatorKey: operator.apiKey };
  } finally {
    await pool.end();
  }
}
