/**
 * Use cases behind /v1/unsubscribe: what a signed link unsubscribes (for the confirmation page)
 * and the unsubscribe itself, a suppression of that recipient for that one report, idempotent.
 * Bounces and complaints suppress an address for the whole tenant instead (record-mail-events.ts).
 */
import type { ReportStore } from '../../ports/report-store';
import type { SuppressionStore } from '../../ports/suppression-store';
import { NotFoundError, ValidationError } from '../errors';
import { type UnsubscribeClaims, verifyUnsubscribeToken } from './unsubscribe-token';

export interface UnsubscribeDeps {
  /** The HMAC key links are signed with (from Secrets Manager in AWS). */
  readonly signingKey: () => Promise<Uint8Array>;
  readonly reports: Pick<ReportStore, 'find' | 'tenantProfile'>;
  readonly suppressions: SuppressionStore;
}

export interface UnsubscribeTarget {
  readonly recipient: string;
  readonly reportName: string;
  readonly tenantName: string;
  /** Whether the recipient is unsubscribed (already, on the confirmation page). */
  readonly unsubscribed: boolean;
}

async function claimsOf(token: string | undefined, deps: UnsubscribeDeps): Promise<UnsubscribeClaims> {
  const claims = token ? verifyUnsubscribeToken(await deps.signingKey(), token) : null;
  if (!claims)
    throw new ValidationError('INVALID_UNSUBSCRIBE_TOKEN', 'This unsubscribe link is not valid', [
      { path: 'token', message: token ? 'not a valid signed unsubscribe token' : 'missing' },
    ]);
  return claims;
}

async function target(claims: UnsubscribeClaims, deps: UnsubscribeDeps, unsubscribed: boolean) {
  const report = await deps.reports.find(claims.tenantId, claims.reportId);
  if (!report)
    throw new NotFoundError('REPORT_NOT_FOUND', 'This report no longer exists, so it sends nothing more');
  const profile = await deps.reports.tenantProfile(claims.tenantId);
  return {
    recipient: claims.recipient,
    reportName: report.name,
    tenantName: profile?.name ?? 'Nexus',
    unsubscribed,
  };
}

/** What the link would unsubscribe, for the page that asks to confirm. */
export async function unsubscribeTarget(
  token: string | undefined,
  deps: UnsubscribeDeps,
): Promise<UnsubscribeTarget> {
  const claims = await claimsOf(token, deps);
  const existing = await deps.suppressions.find(claims.tenantId, claims.reportId, claims.recipient);
  return target(claims, deps, existing?.reason === 'unsubscribed' && !existing.tenantWide);
}

/** Unsubscribes the link's recipient from the link's report; a repeat changes nothing. */
export async function unsubscribe(
  token: string | undefined,
  deps: UnsubscribeDeps,
): Promise<UnsubscribeTarget> {
  const claims = await claimsOf(token, deps);
  const found = await target(claims, deps, true);
  await deps.suppressions.suppress({
    tenantId: claims.tenantId,
    reportId: claims.reportId,
    address: claims.recipient,
    reason: 'unsubscribed',
  });
  return found;
}
