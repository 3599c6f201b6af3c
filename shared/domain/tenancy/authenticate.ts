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

/**
 * The principal of the presented key. Refusals say what is wrong (missing, malformed, unknown,
 * revoked) but never which keys exist: "revoked" is only told to whoever holds the whole key.
 */
export async function authenticate(
  credentials: PresentedCredentials,
  deps: { directory: Pick<TenantDirectory, 'findActiveKey' | 'isRevokedKey'> },
): Promise<ApiKeyPrincipal> {
  const key = presentedKey(credentials);
  if (!key) {
    if (credentials.authorization?.trim()) {
      throw new UnauthorizedError('MALFORMED_API_KEY', 'The Authorization header is not "Bearer <key>"');
    }
    throw new UnauthorizedError(
      'MISSING_API_KEY',
      'Send an API key as "Authorization: Bearer <key>" or "x-api-key"',
    );
  }
  // Malformed keys are rejected without a database read.
  if (!looksLikeApiKey(key))
    throw new UnauthorizedError('MALFORMED_API_KEY', 'The API key is not a Nexus key');
  const hash = hashApiKey(key);
  const principal = await deps.directory.findActiveKey(hash);
  if (principal) return principal;
  if (await deps.directory.isRevokedKey(hash))
    throw new UnauthorizedError('REVOKED_API_KEY', 'The API key was revoked');
  throw new UnauthorizedError('UNKNOWN_API_KEY', 'The API key is not known');
}
