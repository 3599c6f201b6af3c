/**
 * The token of a one-click unsubscribe link: the tenant, the report and the recipient it is
 * scoped to, signed (signed-token.ts) so a link can unsubscribe only its own recipient from its
 * own report.
 */
import * as z from 'zod';
import { signToken, verifyToken } from './signed-token';

export interface UnsubscribeClaims {
  readonly tenantId: string;
  readonly reportId: string;
  readonly recipient: string;
}

const purpose = 'nexus.report-unsubscribe.v1';

const claimsSchema = z.strictObject({
  t: z.uuid(),
  r: z.uuid(),
  e: z.email().max(320),
});

export function signUnsubscribeToken(key: Uint8Array, claims: UnsubscribeClaims): string {
  return signToken(key, purpose, { t: claims.tenantId, r: claims.reportId, e: claims.recipient });
}

/** The token's claims, or null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(key: Uint8Array, token: string): UnsubscribeClaims | null {
  const claims = claimsSchema.safeParse(verifyToken(key, purpose, token));
  if (!claims.success) return null;
  return { tenantId: claims.data.t, reportId: claims.data.r, recipient: claims.data.e };
}

/** The recipient's own unsubscribe link on the public API (`GET` confirms, `POST` unsubscribes). */
export function unsubscribeUrl(apiUrl: string, key: Uint8Array, claims: UnsubscribeClaims): string {
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/v1/unsubscribe`);
  url.searchParams.set('token', signUnsubscribeToken(key, claims));
  return url.toString();
}
