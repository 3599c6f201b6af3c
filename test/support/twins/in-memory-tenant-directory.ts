/** In-memory twin of the TenantDirectory port: keys stored by hash, lookups counted. */
import { randomUUID } from 'node:crypto';
import { definedProps } from '../../../shared/domain/defined-props';
import { displayPrefix, generateApiKey, hashApiKey } from '../../../shared/domain/tenancy/api-key';
import {
  type ApiKeyPrincipal,
  type ApiKeyScope,
  operatorTenantId,
} from '../../../shared/domain/tenancy/api-key-principal';
import type { TenantLimitsPatch } from '../../../shared/domain/tenancy/tenant-limits';
import type {
  ActiveKeyWithLimits,
  ApiKeySummary,
  NewApiKey,
  TenantDirectory,
  TenantSummary,
} from '../../../shared/ports/tenancy';

export class InMemoryTenantDirectory implements TenantDirectory {
  private readonly keys = new Map<
    string,
    ApiKeyPrincipal & { name: string; prefix: string; revokedAt?: string }
  >();
  readonly lookups: string[] = [];
  readonly tenants = new Map<string, TenantSummary>();

  async createTenant(name: string, contactEmail?: string): Promise<{ tenantId: string }> {
    const tenantId = randomUUID();
    this.tenants.set(tenantId, {
      tenantId,
      name,
      ...definedProps({ contactEmail }),
      status: 'active',
      limits: {},
      createdAt: new Date().toISOString(),
    });
    return { tenantId };
  }

  async listTenants(): Promise<readonly TenantSummary[]> {
    return [...this.tenants.values()];
  }

  async updateTenantLimits(tenantId: string, patch: TenantLimitsPatch): Promise<TenantLimitsPatch | null> {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return null;
    const limits = { ...tenant.limits, ...patch };
    this.tenants.set(tenantId, { ...tenant, limits });
    return limits;
  }

  async tenantLimits(tenantId: string): Promise<TenantLimitsPatch> {
    return this.tenants.get(tenantId)?.limits ?? {};
  }

  async createOperatorKey(name: string): Promise<NewApiKey> {
    const apiKey = generateApiKey();
    const keyId = randomUUID();
    const prefix = displayPrefix(apiKey);
    this.keys.set(hashApiKey(apiKey), {
      keyId,
      tenantId: operatorTenantId,
      scopes: ['operator'],
      name,
      prefix,
    });
    return { keyId, apiKey, displayPrefix: prefix };
  }

  async createApiKey(tenantId: string, name: string, scopes: readonly ApiKeyScope[]): Promise<NewApiKey> {
    const apiKey = generateApiKey();
    const keyId = randomUUID();
    this.keys.set(hashApiKey(apiKey), { keyId, tenantId, scopes, name, prefix: displayPrefix(apiKey) });
    return { keyId, apiKey, displayPrefix: displayPrefix(apiKey) };
  }

  async findActiveKey(keyHash: string): Promise<ApiKeyPrincipal | null> {
    this.lookups.push(keyHash);
    const key = this.keys.get(keyHash);
    if (!key || key.revokedAt) return null;
    return { keyId: key.keyId, tenantId: key.tenantId, scopes: key.scopes };
  }

  async findActiveKeyWithLimits(keyHash: string): Promise<ActiveKeyWithLimits | null> {
    const principal = await this.findActiveKey(keyHash);
    return principal && { principal, limits: await this.tenantLimits(principal.tenantId) };
  }

  async isRevokedKey(keyHash: string): Promise<boolean> {
    return this.keys.get(keyHash)?.revokedAt !== undefined;
  }

  async revokeApiKey(tenantId: string, keyId: string): Promise<boolean> {
    for (const key of this.keys.values()) {
      if (key.tenantId === tenantId && key.keyId === keyId && !key.revokedAt) {
        key.revokedAt = new Date().toISOString();
        return true;
      }
    }
    return false;
  }

  async listApiKeys(tenantId: string): Promise<readonly ApiKeySummary[]> {
    return [...this.keys.values()]
      .filter((key) => key.tenantId === tenantId)
      .map((key) => ({
        keyId: key.keyId,
        name: key.name,
        displayPrefix: key.prefix,
        scopes: key.scopes,
        createdAt: '2026-01-01T00:00:00.000Z',
        ...definedProps({ revokedAt: key.revokedAt }),
      }));
  }
}
