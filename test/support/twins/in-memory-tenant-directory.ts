/** In-memory twin of the TenantDirectory port: keys stored by hash, lookups counted. */
import { randomUUID } from 'node:crypto';
import { displayPrefix, generateApiKey, hashApiKey } from '../../../shared/domain/tenancy/api-key';
import type { ApiKeyPrincipal, ApiKeyScope } from '../../../shared/domain/tenancy/api-key-principal';
import type { ApiKeySummary, NewApiKey, TenantDirectory } from '../../../shared/ports/tenancy';

export class InMemoryTenantDirectory implements TenantDirectory {
  private readonly keys = new Map<
    string,
    ApiKeyPrincipal & { name: string; prefix: string; revokedAt?: string }
  >();
  readonly lookups: string[] = [];

  async createTenant(_name: string): Promise<{ tenantId: string }> {
    return { tenantId: randomUUID() };
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
        ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
      }));
  }
}
