/**
 * Gathers a report's content at one time and builds its email (charts, tables, CSVs, with the
 * CSVs that do not fit the attachment budget stored as 7-day links), and gives each recipient
 * the message with their own unsubscribe link: shared by the runner and the preview.
 */
import type { ChartRenderer } from '../../ports/chart-renderer';
import type { OutgoingEmail } from '../../ports/mailer';
import type { ReportFileStore } from '../../ports/report-file-store';
import type { ReportStore } from '../../ports/report-store';
import { outgoingEmail } from '../notifications/outgoing-email';
import { renderEmail } from '../notifications/render-email';
import { blockContent, type ReportContentDeps } from './report-content';
import type { Report } from './report-definition';
import { type ReportEmail, reportEmail } from './report-email';
import type { ReportFileClaims } from './report-file-token';
import type { UnsubscribeClaims } from './unsubscribe-token';

export interface ComposeReportDeps {
  readonly reports: Pick<ReportStore, 'tenantProfile'>;
  readonly charts: ChartRenderer;
  readonly content: ReportContentDeps;
  /** Where CSVs too large to attach go (linked for {@link fileLinkSeconds}). */
  readonly files: Pick<ReportFileStore, 'put'>;
  /** A stored file's signed download link on the public API. */
  readonly fileUrl: (claims: ReportFileClaims) => Promise<string>;
  /** The recipient's signed one-click unsubscribe URL. */
  readonly unsubscribeUrl: (claims: UnsubscribeClaims) => Promise<string>;
  readonly now: () => Date;
}

/** How long a linked file's download link works: 7 days, the bucket's lifecycle. */
export const fileLinkSeconds = 7 * 86_400;

/** The report's email as of `at`; linked files go under `<filesPrefix>/<filename>` (within reportFilesPrefix). */
export async function composeReport(
  report: Report,
  at: Date,
  filesPrefix: string,
  deps: ComposeReportDeps,
  budgetBytes?: number,
): Promise<ReportEmail> {
  const profile = await deps.reports.tenantProfile(report.tenantId);
  const contents = [];
  for (const block of report.contents)
    contents.push(await blockContent(report.tenantId, block, at, report.schedule.timezone, deps.content));
  return reportEmail(report, profile?.name ?? 'Nexus', at, contents, deps.charts, {
    budgetBytes,
    publish: async (file) => {
      const key = `${filesPrefix}/${file.filename}`;
      await deps.files.put(key, file);
      const expiresAt = new Date(deps.now().getTime() + fileLinkSeconds * 1000);
      const claims = { tenantId: report.tenantId, reportId: report.reportId, key, expiresAt };
      return { url: await deps.fileUrl(claims), expiresAt };
    },
  });
}

/** The message for one recipient: their unsubscribe link in the footer and the RFC 8058 headers. */
export async function recipientMessage(
  report: Report,
  email: ReportEmail,
  recipient: string,
  deps: Pick<ComposeReportDeps, 'unsubscribeUrl'>,
  tags: Readonly<Record<string, string>>,
): Promise<OutgoingEmail> {
  const unsubscribeUrl = await deps.unsubscribeUrl({
    tenantId: report.tenantId,
    reportId: report.reportId,
    recipient,
  });
  // Rendered per recipient: the footer carries the recipient's own unsubscribe link.
  const rendered = await renderEmail({ ...email.document, unsubscribeUrl });
  return outgoingEmail(recipient, rendered, {
    images: email.images,
    files: email.files,
    unsubscribeUrl,
    tags,
  });
}
