/**
 * The signed tokens of report email links (unsubscribe, file download): JSON claims signed with
 * HMAC-SHA256 under one secret key and checked in constant time. Each kind of token signs under
 * its own purpose, so a token of one kind never verifies as another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Bytes of a signing key at least (a 256-bit HMAC key). */
export const minSigningKeyBytes = 32;

/** What a token is for; part of every MAC. */
export type TokenPurpose = 'nexus.report-unsubscribe.v1' | 'nexus.report-file.v1';

function mac(key: Uint8Array, purpose: TokenPurpose, payload: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}.${payload}`).digest();
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength < minSigningKeyBytes)
    throw new RangeError(`the link signing key has fewer than ${minSigningKeyBytes} bytes`);
}

/** `<base64url JSON claims>.<base64url HMAC>`: URL-safe as it stands. */
export function signToken(key: Uint8Array, purpose: TokenPurpose, claims: object): string {
  checkKey(key);
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(key, purpose, payload).toString('base64url')}`;
}

/** The token's parsed claims (still to be validated), or null when it is malformed or forged. */
export function verifyToken(key: Uint8Array, purpose: TokenPurpose, token: string): unknown {
  checkKey(key);
  const match = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, payload = '', signature = ''] = match;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, purpose, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
