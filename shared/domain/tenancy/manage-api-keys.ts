/** Use cases: a tenant admin creates, lists and revokes the tenant's API keys; each change is audited. */
import * as z from 'zod';
import type { AuditLog } from '../../ports/audit-log';
import type { ApiKeySummary, NewApiKey, TenantDirectory } from '../../ports/tenancy';
import { NotFoundError, ValidationError } from '../errors';
import type { ApiKeyPrincipal } from './api-key-principal';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(['ingest', 'query', 'admin']))
    .min(1)
    .transform((scopes) => [...new Set(scopes)]),
});

export interface ApiKeyDeps {
  readonly directory: Pick<TenantDirectory, 'createApiKey' | 'revokeApiKey' | 'listApiKeys'>;
  readonly audit: AuditLog;
}

export async function createApiKey(
  input: z.infer<typeof createApiKeyInput>,
  actor: ApiKeyPrincipal,
  deps: ApiKeyDeps,
): Promise<NewApiKey> {
  const key = await deps.directory.createApiKey(actor.tenantId, input.name, input.scopes);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'api-key.created',
    target: key.keyId,
    details: { name: input.name, scopes: input.scopes, displayPrefix: key.displayPrefix },
  });
  return key;
}

export async function revokeApiKey(keyId: string, actor: ApiKeyPrincipal, deps: ApiKeyDeps): Promise<void> {
  if (!z.uuid().safeParse(keyId).success) {
    throw new ValidationError('INVALID_KEY_ID', 'The key id is not a UUID', [
      { path: 'id', message: 'not a UUID' },
    ]);
  }
  if (!(await deps.directory.revokeApiKey(actor.tenantId, keyId))) {
    throw new NotFoundError('API_KEY_NOT_FOUND', `No active API key ${keyId}`);
  }
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'api-key.revoked',
    target: keyId,
  });
}

export function listApiKeys(actor: ApiKeyPrincipal, deps: ApiKeyDeps): Promise<readonly ApiKeySummary[]> {
  return deps.directory.listApiKeys(actor.tenantId);
}
