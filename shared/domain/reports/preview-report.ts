/**
 * Use case behind POST /v1/reports/{id}/preview: the report's email as of now for one recipient
 * (the first one, or any address given), exactly as the runner would send it, but sent to no one.
 * The answer carries every part (base64), so a client can write it as `.eml` and `.html`.
 */
import * as z from 'zod';
import type { ReportStore } from '../../ports/report-store';
import { type ComposeReportDeps, composeReport, recipientMessage } from './compose-report';
import { findReport } from './manage-reports';
import { reportFilesPrefix } from './report-file-token';

/**
 * Attachment bytes a preview carries at most (larger CSVs become links, as in a send): base64 in
 * JSON grows them by 4/3, and a Lambda response holds 6 MB.
 */
export const previewBudgetBytes = 3 * 1024 * 1024;

export const previewReportInput = z.strictObject({
  /** Whose copy to preview (their unsubscribe link); the report's first recipient when absent. */
  recipient: z
    .email()
    .max(320)
    .transform((s) => s.toLowerCase())
    .optional(),
});

export interface PreviewReportDeps extends ComposeReportDeps {
  readonly reports: Pick<ReportStore, 'find' | 'tenantProfile'>;
}

export interface ReportPreview {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly disposition: 'inline' | 'attachment';
    readonly contentId: string | null;
    /** base64 */
    readonly content: string;
  }[];
}

export async function previewReport(
  tenantId: string,
  reportId: string,
  recipient: string | undefined,
  deps: PreviewReportDeps,
): Promise<ReportPreview> {
  const report = await findReport(tenantId, reportId, deps);
  const prefix = `${reportFilesPrefix(tenantId, reportId)}preview=${deps.content.newId()}`;
  const email = await composeReport(report, deps.now(), prefix, deps, previewBudgetBytes);
  const to = recipient ?? report.recipients[0] ?? 'preview@example.com';
  const message = await recipientMessage(report, email, to, deps, { tenant: tenantId, report: reportId });
  return {
    to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: message.headers ?? [],
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      disposition: a.disposition,
      contentId: a.contentId ?? null,
      content: Buffer.from(a.content).toString('base64'),
    })),
  };
}
