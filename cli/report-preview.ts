/**
 * `nexus reports preview <id>` and `npm run report:preview -- <id>`: asks the API for the report's
 * email as of now (rendered as sent, sent to no one) and writes it for a person to open:
 * `<id>.eml` (the MIME message, for a mail client) and `<id>.html` (charts inlined as data URLs,
 * since a browser cannot resolve `cid:` links from a file).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ReportPreview } from '../shared/domain/reports/preview-report';
import { call } from './api';
import { jsonBody } from './json-body';
import type { Profile } from './profiles';
import { UserError } from './profiles';

export interface PreviewFiles {
  readonly eml: string;
  readonly html: string;
  readonly subject: string;
  readonly to: string;
}

/** The message as RFC 5322 MIME: HTML and text alternatives, inline charts, attached files, headers. */
export function previewEml(
  preview: ReportPreview,
  from = 'Nexus Reports <reports@nexus.invalid>',
): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: preview.to,
    subject: preview.subject,
    html: preview.html,
    text: preview.text,
    headers: Object.fromEntries(preview.headers.map((h) => [h.name, h.value])),
    attachments: preview.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content, 'base64'),
      contentDisposition: a.disposition,
      cid: a.contentId ?? undefined,
    })),
  });
  return composer.compile().build();
}

/** The HTML part with each `cid:` image replaced by its attachment as a data URL. */
export function previewHtml(preview: ReportPreview): string {
  const byCid = new Map(
    preview.attachments
      .filter((a) => a.contentId)
      .map((a) => [a.contentId, `data:${a.contentType};base64,${a.content}`]),
  );
  return preview.html.replace(/cid:([^"'\s)]+)/g, (whole, cid: string) => byCid.get(cid) ?? whole);
}

export async function writeReportPreview(
  profile: Profile,
  reportId: string | undefined,
  options: { readonly outDir?: string | undefined; readonly recipient?: string | undefined },
): Promise<PreviewFiles> {
  if (!reportId) throw new UserError('reports preview needs a report id', 2);
  const preview = await call<ReportPreview>(
    profile,
    'POST',
    `/v1/reports/${encodeURIComponent(reportId)}/preview`,
    jsonBody({ recipient: options.recipient || undefined }),
  );
  const dir = resolve(options.outDir ?? 'report-previews');
  await mkdir(dir, { recursive: true });
  const eml = join(dir, `${reportId}.eml`);
  const html = join(dir, `${reportId}.html`);
  await writeFile(eml, await previewEml(preview));
  await writeFile(html, previewHtml(preview));
  return { eml, html, subject: preview.subject, to: preview.to };
}
