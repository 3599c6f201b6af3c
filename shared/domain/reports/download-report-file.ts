/**
 * Use case behind GET /v1/report-files: checks a file link's signed token and its expiry, and
 * answers with a fresh presigned GET of the file that lives minutes, signed by the caller's role.
 */
import type { ReportFileStore } from '../../ports/report-file-store';
import { ForbiddenError, ValidationError } from '../errors';
import { verifyReportFileToken } from './report-file-token';

export interface DownloadReportFileDeps {
  /** The HMAC key links are signed with (the unsubscribe links' key, from Secrets Manager in AWS). */
  readonly signingKey: () => Promise<Uint8Array>;
  readonly files: Pick<ReportFileStore, 'downloadUrl'>;
  readonly now: () => Date;
}

/** How long the redirect's presigned S3 URL works: enough to start the download. */
export const downloadUrlSeconds = 300;

/**
 * The Content-Disposition a stored file is downloaded with: an attachment under its own name,
 * reduced to characters safe inside the quoted parameter (no quote or `;` can end it early).
 */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\w.-]+/g, '_')}"`;
}

/** The presigned S3 URL the link redirects to. */
export async function reportFileDownloadUrl(
  token: string | undefined,
  deps: DownloadReportFileDeps,
): Promise<string> {
  const claims = token ? verifyReportFileToken(await deps.signingKey(), token) : null;
  if (!claims)
    throw new ValidationError('INVALID_REPORT_FILE_TOKEN', 'This download link is not valid', [
      { path: 'token', message: token ? 'not a valid signed report file token' : 'missing' },
    ]);
  if (claims.expiresAt.getTime() <= deps.now().getTime())
    throw new ForbiddenError('REPORT_FILE_LINK_EXPIRED', 'This download link has expired', [
      { path: 'token', message: `expired at ${claims.expiresAt.toISOString()}` },
    ]);
  return deps.files.downloadUrl(claims.key, downloadUrlSeconds);
}
