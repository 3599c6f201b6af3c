/**
 * The token of a one-click unsubscribe link: the tenant, the report and the recipient it is
 * scoped to, signed with HMAC-SHA256 under a secret key and checked in constant time, so a
 * link can unsubscribe only its own recipient from its own report.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

export interface UnsubscribeClaims {
  readonly tenantId: string;
  readonly reportId: string;
  readonly recipient: string;
}

/** Bytes of a signing key at least (a 256-bit HMAC key). */
export const minSigningKeyBytes = 32;

// Separates these MACs from any other use of the key.
const purpose = 'nexus.report-unsubscribe.v1';

const claimsSchema = z.strictObject({
  t: z.uuid(),
  r: z.uuid(),
  e: z.email().max(320),
});

function mac(key: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}.${payload}`).digest();
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength < minSigningKeyBytes)
    throw new RangeError(`the unsubscribe signing key has fewer than ${minSigningKeyBytes} bytes`);
}

/** `<base64url claims>.<base64url HMAC>`: URL-safe as it stands. */
export function signUnsubscribeToken(key: Uint8Array, claims: UnsubscribeClaims): string {
  checkKey(key);
  const payload = Buffer.from(
    JSON.stringify({ t: claims.tenantId, r: claims.reportId, e: claims.recipient }),
  ).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The token's claims, or null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(key: Uint8Array, token: string): UnsubscribeClaims | null {
  checkKey(key);
  const match = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, payload = '', signature = ''] = match;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(decoded);
  if (!claims.success) return null;
  return { tenantId: claims.data.t, reportId: claims.data.r, recipient: claims.data.e };
}

/** The recipient's own unsubscribe link on the public API (`GET` confirms, `POST` unsubscribes). */
export function unsubscribeUrl(apiUrl: string, key: Uint8Array, claims: UnsubscribeClaims): string {
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/v1/unsubscribe`);
  url.searchParams.set('token', signUnsubscribeToken(key, claims));
  return url.toString();
}
