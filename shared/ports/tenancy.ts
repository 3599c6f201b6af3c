/** Ports for tenants and their API keys. */
import type { ApiKeyPrincipal, ApiKeyScope } from '../domain/tenancy/api-key-principal';
import type { TenantLimitsPatch } from '../domain/tenancy/tenant-limits';

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

/** A tenant as an operator lists it. */
export interface TenantSummary {
  readonly tenantId: string;
  readonly name: string;
  readonly contactEmail?: string;
  readonly status: 'active' | 'suspended';
  /** Only the limits an operator set. */
  readonly limits: TenantLimitsPatch;
  readonly createdAt: string;
}

/** An active key's principal and the limits an operator set for its tenant. */
export interface ActiveKeyWithLimits {
  readonly principal: ApiKeyPrincipal;
  readonly limits: TenantLimitsPatch;
}

export interface TenantDirectory {
  createTenant(name: string, contactEmail?: string): Promise<{ tenantId: string }>;
  listTenants(): Promise<readonly TenantSummary[]>;
  /** Merges the patch into the tenant's set limits; null when there is no such tenant. */
  updateTenantLimits(tenantId: string, patch: TenantLimitsPatch): Promise<TenantLimitsPatch | null>;
  /** The limits an operator set for the tenant (empty when none, or no such tenant). */
  tenantLimits(tenantId: string): Promise<TenantLimitsPatch>;
  /** A platform operator's key (hash stored, key returned once). */
  createOperatorKey(name: string): Promise<NewApiKey>;
  createApiKey(tenantId: string, name: string, scopes: readonly ApiKeyScope[]): Promise<NewApiKey>;
  /** Resolves an active key of an active tenant, or an active operator key, by the key's hash, or null. */
  findActiveKey(keyHash: string): Promise<ApiKeyPrincipal | null>;
  /**
   * findActiveKey and the key's tenant's set limits (empty for operators) in one read: the
   * authorizer needs both on every request.
   */
  findActiveKeyWithLimits(keyHash: string): Promise<ActiveKeyWithLimits | null>;
  /** Whether the hash is of a key that was revoked, or of a key of a suspended tenant. */
  isRevokedKey(keyHash: string): Promise<boolean>;
  revokeApiKey(tenantId: string, keyId: string): Promise<boolean>;
  listApiKeys(tenantId: string): Promise<readonly ApiKeySummary[]>;
}
