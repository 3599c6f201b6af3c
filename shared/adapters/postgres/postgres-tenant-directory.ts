/** TenantDirectory on Postgres: tenants and hashed API keys. */
import { definedProps } from '../../domain/defined-props';
import { displayPrefix, generateApiKey, hashApiKey } from '../../domain/tenancy/api-key';
import {
  type ApiKeyPrincipal,
  type ApiKeyScope,
  operatorTenantId,
} from '../../domain/tenancy/api-key-principal';
import type { TenantLimitsPatch } from '../../domain/tenancy/tenant-limits';
import type { SqlPool } from '../../ports/sql-pool';
import type {
  ActiveKeyWithLimits,
  ApiKeySummary,
  NewApiKey,
  TenantDirectory,
  TenantSummary,
} from '../../ports/tenancy';
import { afterCreated, createdCursor, pageRows, readPages } from './read-pages';

interface TenantRow {
  id: string;
  name: string;
  contact_email: string | null;
  status: 'active' | 'suspended';
  limits: TenantLimitsPatch;
  created_at: Date;
  page_us: string;
}

interface ApiKeyRow {
  id: string;
  name: string;
  display_prefix: string;
  scopes: ApiKeyScope[];
  created_at: Date;
  revoked_at: Date | null;
  page_us: string;
}

export class PostgresTenantDirectory implements TenantDirectory {
  constructor(private readonly pool: SqlPool) {}

  async createTenant(name: string, contactEmail?: string): Promise<{ tenantId: string }> {
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO tenants (name, contact_email) VALUES ($1, $2) RETURNING id',
      [name, contactEmail ?? null],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT INTO tenants returned no row');
    return { tenantId: row.id };
  }

  async createApiKey(tenantId: string, name: string, scopes: readonly ApiKeyScope[]): Promise<NewApiKey> {
    const apiKey = generateApiKey();
    const prefix = displayPrefix(apiKey);
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO api_keys (tenant_id, name, display_prefix, key_hash, scopes)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [tenantId, name, prefix, hashApiKey(apiKey), scopes],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT INTO api_keys returned no row');
    return { keyId: row.id, apiKey, displayPrefix: prefix };
  }

  async findActiveKey(keyHash: string): Promise<ApiKeyPrincipal | null> {
    return (await this.findActiveKeyWithLimits(keyHash))?.principal ?? null;
  }

  async findActiveKeyWithLimits(keyHash: string): Promise<ActiveKeyWithLimits | null> {
    // One round trip: a tenant's key, or else an operator's (hashes are unique across both).
    const { rows } = await this.pool.query<{
      id: string;
      tenant_id: string | null;
      scopes: ApiKeyScope[] | null;
      limits: TenantLimitsPatch | null;
    }>(
      `SELECT k.id, k.tenant_id, k.scopes, t.limits FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND t.status = 'active'
       UNION ALL
       SELECT o.id, NULL, NULL, NULL FROM operator_keys o WHERE o.key_hash = $1 AND o.revoked_at IS NULL
       LIMIT 1`,
      [keyHash],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.tenant_id === null || row.scopes === null)
      return { principal: { keyId: row.id, tenantId: operatorTenantId, scopes: ['operator'] }, limits: {} };
    return {
      principal: { keyId: row.id, tenantId: row.tenant_id, scopes: row.scopes },
      limits: row.limits ?? {},
    };
  }

  async listTenants(): Promise<readonly TenantSummary[]> {
    const rows = await readPages<TenantRow>(pageRows.definitions, async (after, limit) => {
      const page = await this.pool.query<TenantRow>(
        `SELECT t.id, t.name, t.contact_email, t.status, t.limits, t.created_at, ${createdCursor('t')} FROM tenants t
         WHERE ${afterCreated('t', 1)} ORDER BY t.created_at, t.id LIMIT $3`,
        [after?.page_us ?? null, after?.id ?? null, limit],
      );
      return page.rows;
    });
    return rows.map((r) => ({
      tenantId: r.id,
      name: r.name,
      ...definedProps({ contactEmail: r.contact_email || undefined }),
      status: r.status,
      limits: r.limits,
      createdAt: r.created_at.toISOString(),
    }));
  }

  async updateTenantLimits(tenantId: string, patch: TenantLimitsPatch): Promise<TenantLimitsPatch | null> {
    // One statement: concurrent patches of different fields both land (jsonb || merges).
    const { rows } = await this.pool.query<{ limits: TenantLimitsPatch }>(
      'UPDATE tenants SET limits = limits || $2::jsonb WHERE id = $1 RETURNING limits',
      [tenantId, JSON.stringify(patch)],
    );
    return rows[0]?.limits ?? null;
  }

  async tenantLimits(tenantId: string): Promise<TenantLimitsPatch> {
    const { rows } = await this.pool.query<{ limits: TenantLimitsPatch }>(
      'SELECT limits FROM tenants WHERE id = $1',
      [tenantId],
    );
    return rows[0]?.limits ?? {};
  }

  async createOperatorKey(name: string): Promise<NewApiKey> {
    const apiKey = generateApiKey();
    const prefix = displayPrefix(apiKey);
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO operator_keys (name, display_prefix, key_hash) VALUES ($1, $2, $3) RETURNING id',
      [name, prefix, hashApiKey(apiKey)],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT INTO operator_keys returned no row');
    return { keyId: row.id, apiKey, displayPrefix: prefix };
  }

  async isRevokedKey(keyHash: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
       WHERE k.key_hash = $1 AND (k.revoked_at IS NOT NULL OR t.status <> 'active')
       UNION ALL SELECT 1 FROM operator_keys WHERE key_hash = $1 AND revoked_at IS NOT NULL`,
      [keyHash],
    );
    return rows.length > 0;
  }

  async revokeApiKey(tenantId: string, keyId: string): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL',
      [tenantId, keyId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async listApiKeys(tenantId: string): Promise<readonly ApiKeySummary[]> {
    const rows = await readPages<ApiKeyRow>(pageRows.definitions, async (after, limit) => {
      const page = await this.pool.query<ApiKeyRow>(
        `SELECT k.id, k.name, k.display_prefix, k.scopes, k.created_at, k.revoked_at, ${createdCursor('k')}
         FROM api_keys k WHERE k.tenant_id = $1 AND ${afterCreated('k', 2)} ORDER BY k.created_at, k.id LIMIT $4`,
        [tenantId, after?.page_us ?? null, after?.id ?? null, limit],
      );
      return page.rows;
    });
    return rows.map((r) => ({
      keyId: r.id,
      name: r.name,
      displayPrefix: r.display_prefix,
      scopes: r.scopes,
      createdAt: r.created_at.toISOString(),
      ...definedProps({ revokedAt: r.revoked_at?.toISOString() }),
    }));
  }
}
