/**
 * The token of a report file's download link: the tenant, the report and the object key it is
 * scoped to and when it expires, signed (signed-token.ts) under its own purpose, so the link
 * outlives the credentials of the function that sent the email and opens only its own file.
 */
import * as z from 'zod';
import { signToken, verifyToken } from './signed-token';

export interface ReportFileClaims {
  readonly tenantId: string;
  readonly reportId: string;
  /** The object's key in the report-files bucket, under the report's own prefix. */
  readonly key: string;
  readonly expiresAt: Date;
}

const purpose = 'nexus.report-file.v1';

/** Where a report's files go: every file key a token names must be under it. */
export const reportFilesPrefix = (tenantId: string, reportId: string) =>
  `tenant=${tenantId}/report=${reportId}/`;

const claimsSchema = z
  .strictObject({
    t: z.uuid(),
    r: z.uuid(),
    k: z.string().min(1).max(1024),
    x: z.int().positive(),
  })
  .refine((c) => c.k.startsWith(reportFilesPrefix(c.t, c.r)) && !c.k.includes('..'));

export function signReportFileToken(key: Uint8Array, claims: ReportFileClaims): string {
  return signToken(key, purpose, {
    t: claims.tenantId,
    r: claims.reportId,
    k: claims.key,
    x: Math.floor(claims.expiresAt.getTime() / 1000),
  });
}

/** The token's claims (expired or not), or null when it is malformed, forged or of another kind. */
export function verifyReportFileToken(key: Uint8Array, token: string): ReportFileClaims | null {
  const claims = claimsSchema.safeParse(verifyToken(key, purpose, token));
  if (!claims.success) return null;
  const { t, r, k, x } = claims.data;
  return { tenantId: t, reportId: r, key: k, expiresAt: new Date(x * 1000) };
}

/** The file's download link on the public API, which redirects to a short-lived S3 URL. */
export function reportFileUrl(apiUrl: string, key: Uint8Array, claims: ReportFileClaims): string {
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/v1/report-files`);
  url.searchParams.set('token', signReportFileToken(key, claims));
  return url.toString();
}
