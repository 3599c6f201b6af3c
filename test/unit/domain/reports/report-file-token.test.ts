/**
 * Report file tokens and the download use case: round trip, expiry, tampering, another tenant's
 * key, and tokens of the other purpose (unsubscribe) refused both ways.
 */
import { describe, expect, it } from 'vitest';
import { reportFileDownloadUrl } from '../../../../shared/domain/reports/download-report-file';
import {
  type ReportFileClaims,
  reportFileUrl,
  signReportFileToken,
  verifyReportFileToken,
} from '../../../../shared/domain/reports/report-file-token';
import { signToken } from '../../../../shared/domain/reports/signed-token';
import {
  signUnsubscribeToken,
  verifyUnsubscribeToken,
} from '../../../../shared/domain/reports/unsubscribe-token';

const key = Buffer.from('k'.repeat(32));
const tenantA = '11111111-1111-4111-8111-111111111111';
const tenantB = '22222222-2222-4222-8222-222222222222';
const reportId = '33333333-3333-4333-8333-333333333333';
const now = new Date('2026-12-02T10:00:00Z');
const claims: ReportFileClaims = {
  tenantId: tenantA,
  reportId,
  key: `tenant=${tenantA}/report=${reportId}/run=r1/top-pages-1.csv`,
  expiresAt: new Date(now.getTime() + 7 * 86_400_000),
};

/** The download use case with a store that presigns a recognisable URL per key. */
function download(token: string | undefined, at: Date) {
  return reportFileDownloadUrl(token, {
    signingKey: async () => key,
    files: { downloadUrl: async (k, seconds) => `https://s3.example/${k}?expires=${seconds}` },
    now: () => at,
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );

describe('report file tokens', () => {
  it('verify what they signed and link the public API', () => {
    expect(verifyReportFileToken(key, signReportFileToken(key, claims))).toEqual(claims);
    const url = new URL(reportFileUrl('https://api.nexus.example/', key, claims));
    expect(url.origin + url.pathname).toBe('https://api.nexus.example/v1/report-files');
    expect(verifyReportFileToken(key, url.searchParams.get('token') ?? '')).toEqual(claims);
  });

  it('redirect to a 5-minute presigned GET of their own key until they expire, then refuse', async () => {
    const token = signReportFileToken(key, claims);
    expect(await download(token, new Date(now.getTime() + 6.9 * 86_400_000))).toBe(
      `https://s3.example/${claims.key}?expires=300`,
    );
    expect(await codeOf(download(token, claims.expiresAt))).toBe('REPORT_FILE_LINK_EXPIRED');
  });

  it('refuse claims edited under the old signature: later expiry, another tenant, another key', async () => {
    const [, signature] = signReportFileToken(key, claims).split('.');
    const edited = (c: object) => `${Buffer.from(JSON.stringify(c)).toString('base64url')}.${signature}`;
    const x = Math.floor(claims.expiresAt.getTime() / 1000);
    const attempts = [
      edited({ t: tenantA, r: reportId, k: claims.key, x: x + 86_400 * 365 }),
      edited({ t: tenantB, r: reportId, k: claims.key, x }),
      edited({
        t: tenantA,
        r: reportId,
        k: `tenant=${tenantB}/report=${reportId}/run=r1/top-pages-1.csv`,
        x,
      }),
      signReportFileToken(Buffer.from('j'.repeat(32)), claims),
      '',
      'x.y',
    ];
    for (const token of attempts) {
      expect(verifyReportFileToken(key, token)).toBeNull();
      expect(await codeOf(download(token, now))).toBe('INVALID_REPORT_FILE_TOKEN');
    }
    expect(await codeOf(download(undefined, now))).toBe('INVALID_REPORT_FILE_TOKEN');
  });

  it("refuse a correctly signed key outside the token's own tenant and report prefix", () => {
    for (const k of [
      `tenant=${tenantB}/report=${reportId}/a.csv`,
      `tenant=${tenantA}/report=${reportId}/../x`,
    ])
      expect(verifyReportFileToken(key, signReportFileToken(key, { ...claims, key: k }))).toBeNull();
  });

  it('are not unsubscribe tokens, and unsubscribe tokens are not file tokens, under the same key', () => {
    const unsubscribe = signUnsubscribeToken(key, {
      tenantId: tenantA,
      reportId,
      recipient: 'ana@example.com',
    });
    expect(verifyReportFileToken(key, unsubscribe)).toBeNull();
    expect(verifyUnsubscribeToken(key, signReportFileToken(key, claims))).toBeNull();
    // Even unsubscribe-shaped claims signed as a file token do not unsubscribe.
    const shaped = { t: tenantA, r: reportId, e: 'ana@example.com' };
    expect(verifyUnsubscribeToken(key, signToken(key, 'nexus.report-file.v1', shaped))).toBeNull();
    expect(verifyUnsubscribeToken(key, signToken(key, 'nexus.report-unsubscribe.v1', shaped))).not.toBeNull();
  });
});
