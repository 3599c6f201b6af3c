/** Resolves the API key a request presents to its principal. */

import type { TenantDirectory } from '../../ports/tenancy';
import { UnauthorizedError } from '../errors';
import { hashApiKey, looksLikeApiKey } from './api-key';
import type { ApiKeyPrincipal } from './api-key-principal';

export interface PresentedCredentials {
  readonly authorization?: string | undefined;
  readonly apiKeyHeader?: string | undefined;
}

/** The key from `Authorization: Bearer <key>` or, failing that, `x-api-key`. */
export function presentedKey(credentials: PresentedCredentials): string | undefined {
  const bearer = credentials.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? credentials.apiKeyHeader?.trim() ?? undefined;
}

export async function authenticate(
  credentials: PresentedCredentials,
  deps: { directory: Pick<TenantDirectory, 'findActiveKey'> },
): Promise<ApiKeyPrincipal> {
  const key = presentedKey(credentials);
  if (!key)
    throw new UnauthorizedError(
      'MISSING_API_KEY',
      'Send an API key as "Authorization: Bearer <key>" or "x-api-key"',
    );
  // Malformed keys are rejected without a database read.
  const principal = looksLikeApiKey(key) ? await deps.directory.findActiveKey(hashApiKey(key)) : null;
  if (!principal) throw new UnauthorizedError('INVALID_API_KEY', 'The API key is unknown or revoked');
  return principal;
}
