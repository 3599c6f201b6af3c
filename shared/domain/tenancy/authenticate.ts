/** Resolves the API key a request presents to its principal. */

import type { ActiveKeyWithLimits, TenantDirectory } from '../../ports/tenancy';
import { UnauthorizedError } from '../errors';
import { hashApiKey, looksLikeApiKey } from './api-key';
import type { ApiKeyPrincipal } from './api-key-principal';

export interface PresentedCredentials {
  readonly authorization?: string | undefined;
  readonly apiKeyHeader?: string | undefined;
}

/** The user name of `Authorization: Basic base64(user:password)`: Segment SDKs send their write key so. */
function basicUser(authorization: string | undefined): string | undefined {
  const encoded = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const user = decoded.slice(0, decoded.includes(':') ? decoded.indexOf(':') : undefined).trim();
  // Keys are printable ASCII; anything else is not a key in Basic form.
  return /^[\x21-\x7e]+$/.test(user) ? user : undefined;
}

/**
 * The key from `Authorization: Bearer <key>`, from `Authorization: Basic` (the key as user name,
 * as Segment-compatible SDKs send a write key) or, failing both, `x-api-key`.
 */
export function presentedKey(credentials: PresentedCredentials): string | undefined {
  const bearer = credentials.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? basicUser(credentials.authorization) ?? credentials.apiKeyHeader?.trim() ?? undefined;
}

/**
 * The principal of the presented key. Refusals say what is wrong (missing, malformed, unknown,
 * revoked) but never which keys exist: "revoked" is only told to whoever holds the whole key.
 */
export function authenticate(
  credentials: PresentedCredentials,
  deps: { directory: Pick<TenantDirectory, 'findActiveKey' | 'isRevokedKey'> },
): Promise<ApiKeyPrincipal> {
  return resolveKey(credentials, (hash) => deps.directory.findActiveKey(hash), deps.directory);
}

/** authenticate, with the tenant's set limits read in the same round trip (the authorizer's case). */
export function authenticateWithLimits(
  credentials: PresentedCredentials,
  deps: { directory: Pick<TenantDirectory, 'findActiveKeyWithLimits' | 'isRevokedKey'> },
): Promise<ActiveKeyWithLimits> {
  return resolveKey(credentials, (hash) => deps.directory.findActiveKeyWithLimits(hash), deps.directory);
}

async function resolveKey<T>(
  credentials: PresentedCredentials,
  findActive: (keyHash: string) => Promise<T | null>,
  directory: Pick<TenantDirectory, 'isRevokedKey'>,
): Promise<T> {
  const key = presentedKey(credentials);
  if (!key) {
    if (credentials.authorization?.trim()) {
      throw new UnauthorizedError('MALFORMED_API_KEY', 'The Authorization header is not "Bearer <key>"');
    }
    throw new UnauthorizedError(
      'MISSING_API_KEY',
      'Send an API key as "Authorization: Bearer <key>", as the Basic user name or as "x-api-key"',
    );
  }
  // Malformed keys are rejected without a database read.
  if (!looksLikeApiKey(key))
    throw new UnauthorizedError('MALFORMED_API_KEY', 'The API key is not a Nexus key');
  const hash = hashApiKey(key);
  const active = await findActive(hash);
  if (active) return active;
  if (await directory.isRevokedKey(hash))
    throw new UnauthorizedError('REVOKED_API_KEY', 'The API key was revoked');
  throw new UnauthorizedError('UNKNOWN_API_KEY', 'The API key is not known');
}
