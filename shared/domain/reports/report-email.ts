/**
 * Turns a report's gathered content into its email: KPI tiles (value and change against the
 * previous period) first, then each block in order: charts as inline PNGs with alt text, query
 * results as a table of the first rows with the whole result as a CSV attachment, the anomaly
 * list, forecasts with their 80/95% bands. The tenant and the time zone head the email.
 */
import type { ChartRenderer } from '../../ports/chart-renderer';
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
  readonly files: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Uint8Array;
  }[];
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
): Promise<ReportEmail> {
  const timeZone = report.schedule.timezone;
  const images: InlineImage[] = [];
  const files: ReportEmail['files'][number][] = [];
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
        files.push(file);
        blocks.push({
          type: 'table',
          columns: content.columns,
          rows: content.rows.slice(0, content.shown),
          totalRows: content.rows.length,
          more: `The ${content.truncated ? `first ${formatNumber(content.rows.length)} rows are` : 'full result is'} attached as ${file.filename}.`,
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
