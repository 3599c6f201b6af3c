/** In-memory twin of the TenantDirectory port: keys stored by hash, lookups counted. */
import { randomUUID } from 'node:crypto';
import { displayPrefix, generateApiKey, hashApiKey } from '../../../shared/domain/tenancy/api-key';
import type { ApiKeyPrincipal, ApiKeyScope, NewApiKey, TenantDirectory } from '../../../shared/ports/tenancy';

export class InMemoryTenantDirectory implements TenantDirectory {
  private readonly keys = new Map<string, ApiKeyPrincipal & { revoked: boolean }>();
  readonly lookups: string[] = [];

  async createTenant(_name: string): Promise<{ tenantId: string }> {
    return { tenantId: randomUUID() };
  }

  async createApiKey(tenantId: string, _name: string, scopes: readonly ApiKeyScope[]): Promise<NewApiKey> {
    const apiKey = generateApiKey();
    const keyId = randomUUID();
    this.keys.set(hashApiKey(apiKey), { keyId, tenantId, scopes, revoked: false });
    return { keyId, apiKey, displayPrefix: displayPrefix(apiKey) };
  }

  async findActiveKey(keyHash: string): Promise<ApiKeyPrincipal | null> {
    this.lookups.push(keyHash);
    const key = this.keys.get(keyHash);
    if (!key || key.revoked) return null;
    return { keyId: key.keyId, tenantId: key.tenantId, scopes: key.scopes };
  }

  async revokeApiKey(tenantId: string, keyId: string): Promise<boolean> {
    for (const key of this.keys.values()) {
      if (key.tenantId === tenantId && key.keyId === keyId && !key.revoked) {
        key.revoked = true;
        return true;
      }
    }
    return false;
  }
}
