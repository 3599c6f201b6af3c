/**
 * Use cases of the platform operator: create tenants (with their first admin key), list them,
 * set their limits; and the one-time bootstrap that creates the first operator key. Tenants'
 * own keys can reach none of these: the routes require the `operator` scope.
 */
import * as z from 'zod';
import type { AuditLog } from '../../ports/audit-log';
import type { TenantDirectory, TenantSummary } from '../../ports/tenancy';
import { NotFoundError, ValidationError } from '../errors';
import { type ApiKeyPrincipal, operatorTenantId } from './api-key-principal';
import { effectiveLimits, type TenantLimits, type TenantLimitsPatch } from './tenant-limits';

export const createTenantInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    contactEmail: z.email().max(320).optional(),
  })
  .strict();

export interface TenantDeps {
  readonly directory: Pick<
    TenantDirectory,
    'createTenant' | 'createApiKey' | 'listTenants' | 'updateTenantLimits' | 'createOperatorKey'
  >;
  readonly audit: AuditLog;
}

/** Creates a tenant and its first admin key (shown once). */
export async function createTenant(
  input: z.infer<typeof createTenantInput>,
  actor: ApiKeyPrincipal,
  deps: TenantDeps,
): Promise<{ tenantId: string; apiKey: string; keyId: string }> {
  const { tenantId } = await deps.directory.createTenant(input.name, input.contactEmail);
  const key = await deps.directory.createApiKey(tenantId, 'first admin key', ['ingest', 'query', 'admin']);
  await deps.audit.record({
    tenantId,
    actor: `operator:${actor.keyId}`,
    action: 'tenant.created',
    target: tenantId,
    details: { name: input.name, firstKey: key.keyId, displayPrefix: key.displayPrefix },
  });
  return { tenantId, apiKey: key.apiKey, keyId: key.keyId };
}

export type TenantView = TenantSummary & { readonly effectiveLimits: TenantLimits };

export async function listTenants(deps: TenantDeps): Promise<readonly TenantView[]> {
  const tenants = await deps.directory.listTenants();
  return tenants.map((t) => ({ ...t, effectiveLimits: effectiveLimits(t.limits) }));
}

/** Sets the given limits; omitted ones keep their value. Applies from the tenant's next request. */
export async function setTenantLimits(
  tenantId: string,
  patch: TenantLimitsPatch,
  actor: ApiKeyPrincipal,
  deps: TenantDeps,
): Promise<{ tenantId: string; limits: TenantLimits }> {
  if (!z.uuid().safeParse(tenantId).success) {
    throw new ValidationError('INVALID_TENANT_ID', 'The tenant id is not a UUID', [
      { path: 'id', message: 'not a UUID' },
    ]);
  }
  const set = await deps.directory.updateTenantLimits(tenantId, patch);
  if (!set) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${tenantId} does not exist`);
  await deps.audit.record({
    tenantId,
    actor: `operator:${actor.keyId}`,
    action: 'tenant.limits-changed',
    target: tenantId,
    details: { ...patch },
  });
  return { tenantId, limits: effectiveLimits(set) };
}

/**
 * First start of a platform: an operator key, a first tenant and its admin key, all shown once.
 * Locally `npm start` runs it on a new database; in AWS a bootstrap function (run once after
 * the first deployment) does, writing the keys to Secrets Manager.
 */
export async function bootstrapPlatform(
  input: { tenantName: string },
  deps: TenantDeps,
): Promise<{ operatorKey: string; tenantId: string; apiKey: string }> {
  const operator = await deps.directory.createOperatorKey('bootstrap operator key');
  const actor: ApiKeyPrincipal = { keyId: operator.keyId, tenantId: operatorTenantId, scopes: ['operator'] };
  const tenant = await createTenant({ name: input.tenantName }, actor, deps);
  return { operatorKey: operator.apiKey, tenantId: tenant.tenantId, apiKey: tenant.apiKey };
}
