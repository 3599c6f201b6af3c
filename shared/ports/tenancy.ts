/** Ports for tenants and their API keys. */
import type { ApiKeyPrincipal, ApiKeyScope } from '../domain/tenancy/api-key-principal';

export interface NewApiKey {
  readonly keyId: string;
  /** The plain key: returned once at creation, never stored. */
  readonly apiKey: string;
  readonly displayPrefix: string;
}

/** A key as listed: never the key itself. */
export interface ApiKeySummary {
  readonly keyId: string;
  readonly name: string;
  readonly displayPrefix: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export interface TenantDirectory {
  createTenant(name: string): Promise<{ tenantId: string }>;
  createApiKey(tenantId: string, name: string, scopes: readonly ApiKeyScope[]): Promise<NewApiKey>;
  /** Resolves an active key of an active tenant by the key's hash, or null. */
  findActiveKey(keyHash: string): Promise<ApiKeyPrincipal | null>;
  /** Whether the hash is of a key that was revoked, or of a key of a suspended tenant. */
  isRevokedKey(keyHash: string): Promise<boolean>;
  revokeApiKey(tenantId: string, keyId: string): Promise<boolean>;
  listApiKeys(tenantId: string): Promise<readonly ApiKeySummary[]>;
}
