/** Unsubscribe tokens: round trip, scoped claims, and every tampering or wrong key refused. */
import { describe, expect, it } from 'vitest';
import {
  signUnsubscribeToken,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from '../../../../shared/domain/reports/unsubscribe-token';

const key = Buffer.from('k'.repeat(32));
const claims = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  reportId: '33333333-3333-4333-8333-333333333333',
  recipient: 'ana@example.com',
};

describe('unsubscribe tokens', () => {
  it('verifies what it signed, and builds a link on the public API', () => {
    const token = signUnsubscribeToken(key, claims);
    expect(verifyUnsubscribeToken(key, token)).toEqual(claims);
    const url = new URL(unsubscribeUrl('https://api.nexus.example/', key, claims));
    expect(url.origin + url.pathname).toBe('https://api.nexus.example/v1/unsubscribe');
    expect(verifyUnsubscribeToken(key, url.searchParams.get('token') ?? '')).toEqual(claims);
  });

  it('refuses claims swapped under the old signature, a flipped signature bit and another key', () => {
    const token = signUnsubscribeToken(key, claims);
    const [, signature] = token.split('.');
    const otherReport = Buffer.from(
      JSON.stringify({ t: claims.tenantId, r: '44444444-4444-4444-8444-444444444444', e: claims.recipient }),
    ).toString('base64url');
    expect(verifyUnsubscribeToken(key, `${otherReport}.${signature}`)).toBeNull();
    const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(verifyUnsubscribeToken(key, flipped)).toBeNull();
    expect(verifyUnsubscribeToken(Buffer.from('j'.repeat(32)), token)).toBeNull();
  });

  it('refuses malformed tokens and signed payloads that are not the claims', () => {
    for (const bad of ['', 'abc', `${'a'.repeat(10)}.`, `a.b.c`, `${'x'.repeat(3000)}.${'y'.repeat(43)}`])
      expect(verifyUnsubscribeToken(key, bad)).toBeNull();
    // Correctly signed, but not an address: a token can only name a valid recipient.
    const forged = signUnsubscribeToken(key, { ...claims, recipient: 'not an address' });
    expect(verifyUnsubscribeToken(key, forged)).toBeNull();
  });

  it('refuses a key shorter than 256 bits', () => {
    expect(() => signUnsubscribeToken(Buffer.from('short'), claims)).toThrow(RangeError);
  });
});
