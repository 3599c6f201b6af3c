/**
 * Turns a report's gathered content into its email: KPI tiles (value and change against the
 * previous period) first, then each block in order: charts as inline PNGs with alt text, query
 * results as a table of the first rows with the whole result as a CSV attachment, the anomaly
 * list, forecasts with their 80/95% bands. The tenant and the time zone head the email.
 * Files that would push the message past SES's 10 MB limit become download links instead.
 */
import type { ChartRenderer } from '../../ports/chart-renderer';
import type { ReportFile } from '../../ports/report-file-store';
import { seriesChartDescription, seriesChartSpec } from '../charts/series-chart';
import { definedProps } from '../defined-props';
import { csvAttachment } from '../notifications/csv-attachment';
import {
  type EmailBlock,
  type EmailDocument,
  formatNumber,
  formatTime,
  type KpiTile,
} from '../notifications/email-document';
import type { InlineImage } from '../notifications/outgoing-email';
import type { BlockContent } from './report-content';
import type { Report } from './report-definition';

export interface ReportEmail {
  readonly document: EmailDocument;
  readonly images: readonly InlineImage[];
  /** Attached files (the CSVs that fit). */
  readonly files: readonly ReportFile[];
}

/**
 * Bytes of attachments (charts and files, before base64) one message carries at most. SES refuses
 * messages over 10 MB; base64 grows attachments by 4/3, so 6 MiB become 8 MiB and leave ~2 MB
 * for the HTML, the text part and the headers.
 */
export const attachmentBudgetBytes = 6 * 1024 * 1024;

/** Where files that do not fit go: a store that returns a download link. */
export interface FileLinks {
  /** @default attachmentBudgetBytes */
  readonly budgetBytes?: number | undefined;
  /** Stores the file and returns its link and when the link stops working. */
  readonly publish: (file: ReportFile) => Promise<{ readonly url: string; readonly expiresAt: Date }>;
}

/** A query block's CSV and where its table is in the email, until it is known whether it fits. */
interface PendingFile {
  readonly file: ReportFile;
  readonly tableIndex: number;
  readonly truncated: boolean;
  readonly rows: number;
}

/** Attaches the files that fit the budget (smallest first) and links the rest. */
async function placeFiles(
  pending: readonly PendingFile[],
  images: readonly InlineImage[],
  blocks: EmailBlock[],
  links: FileLinks | undefined,
  timeZone: string,
): Promise<ReportFile[]> {
  let used = images.reduce((sum, image) => sum + image.png.byteLength, 0);
  const budget = links?.budgetBytes ?? attachmentBudgetBytes;
  const attached = new Set<PendingFile>();
  for (const p of [...pending].sort((a, b) => a.file.content.byteLength - b.file.content.byteLength)) {
    if (links && used + p.file.content.byteLength > budget) continue;
    used += p.file.content.byteLength;
    attached.add(p);
  }
  // From the last table back: a link inserted after a table shifts only the blocks below it.
  for (const p of [...pending].reverse()) {
    const table = blocks[p.tableIndex];
    if (table?.type !== 'table') continue;
    const what = p.truncated ? `The first ${formatNumber(p.rows)} rows are` : 'The full result is';
    if (attached.has(p)) {
      blocks[p.tableIndex] = { ...table, more: `${what} attached as ${p.file.filename}.` };
      continue;
    }
    const link = await (links as FileLinks).publish(p.file);
    const size = `${(p.file.content.byteLength / 1024 / 1024).toFixed(1)} MB`;
    blocks[p.tableIndex] = {
      ...table,
      more: `${what} too large to attach (${size}): download ${p.file.filename} until ${formatTime(link.expiresAt.getTime(), timeZone)}.`,
    };
    blocks.splice(p.tableIndex + 1, 0, {
      type: 'button',
      text: `Download ${p.file.filename}`,
      href: link.url,
    });
  }
  return pending.filter((p) => attached.has(p)).map((p) => p.file);
}

/** A file name from a block title: letters, digits and dashes. */
function fileName(title: string, index: number): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug || 'query'}-${index + 1}.csv`;
}

export async function reportEmail(
  report: Pick<Report, 'name' | 'schedule'>,
  tenantName: string,
  at: Date,
  contents: readonly BlockContent[],
  charts: ChartRenderer,
  links?: FileLinks,
): Promise<ReportEmail> {
  const timeZone = report.schedule.timezone;
  const images: InlineImage[] = [];
  const pending: PendingFile[] = [];
  const blocks: EmailBlock[] = [];

  const chart = async (input: Parameters<typeof seriesChartSpec>[0], caption?: string) => {
    const rendered = await charts.render(seriesChartSpec(input));
    const contentId = `chart-${images.length + 1}@nexus`;
    images.push({ contentId, png: rendered.png });
    blocks.push({
      type: 'chart',
      contentId,
      alt: seriesChartDescription(input),
      width: rendered.width,
      height: rendered.height,
      ...definedProps({ caption }),
    });
  };

  const tiles: KpiTile[] = contents.flatMap((c) =>
    c.type === 'metric' ? [definedProps({ label: c.title, value: c.value, previous: c.previous })] : [],
  );
  if (tiles.length > 0) blocks.push({ type: 'kpis', tiles });

  for (const [i, content] of contents.entries()) {
    blocks.push({ type: 'heading', text: content.title });
    switch (content.type) {
      case 'metric':
        await chart(content.chart);
        break;
      case 'forecast':
        await chart(content.chart, 'Dashed: forecast. Dark band: 80% interval; light band: 95% interval.');
        break;
      case 'query': {
        const file = csvAttachment(fileName(content.title, i), content.columns, content.rows);
        pending.push({
          file,
          tableIndex: blocks.length,
          truncated: content.truncated,
          rows: content.rows.length,
        });
        blocks.push({
          type: 'table',
          columns: content.columns,
          rows: content.rows.slice(0, content.shown),
          totalRows: content.rows.length,
        });
        break;
      }
      case 'anomalies':
        if (content.items.length === 0) {
          blocks.push({ type: 'paragraph', text: 'Nothing was flagged.' });
          break;
        }
        blocks.push({
          type: 'table',
          columns: ['Metric', 'Interval start', 'Value', 'Score'],
          rows: content.items.map((a) => [a.metric, formatTime(Date.parse(a.t), timeZone), a.value, a.score]),
          totalRows: content.total,
          more: 'The highest scores are shown.',
        });
        break;
    }
  }

  const files = await placeFiles(pending, images, blocks, links, timeZone);
  const when = formatTime(at.getTime(), timeZone);
  const document: EmailDocument = {
    subject: `${report.name} · ${when}`,
    preheader: `${tenantName}: ${report.name} as of ${when} (${timeZone})`,
    header: { tenantName, title: report.name, timeZone },
    blocks: [{ type: 'paragraph', text: `As of ${when}.` }, ...blocks],
    reason: `You get this email because you are a recipient of the report "${report.name}" of ${tenantName}.`,
  };
  return { document, images, files };
}
