/** A report email with every block type (KPI, metric chart, query table + CSV, anomalies, forecast), as the runner builds it. */
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { outgoingEmail } from '../../../shared/domain/notifications/outgoing-email';
import { renderEmail } from '../../../shared/domain/notifications/render-email';
import type { BlockContent } from '../../../shared/domain/reports/report-content';
import { reportEmail } from '../../../shared/domain/reports/report-email';
import type { OutgoingEmail } from '../../../shared/ports/mailer';
import { minuteForecast, minuteSeries, seriesStart } from '../notifications/series-fixtures';

/** Contents of every block type; two of them draw charts. */
export function everyBlockContent(): BlockContent[] {
  const timeZone = 'Europe/Berlin';
  return [
    {
      type: 'metric',
      title: 'Signups · last 24h',
      value: 1250,
      previous: 1000,
      chart: { valueLabel: 'Signups', points: minuteSeries(180, -1), timeZone, height: 200 },
    },
    {
      type: 'query',
      title: 'Top pages',
      columns: ['page', 'views', 'visitors'],
      rows: Array.from({ length: 40 }, (_, i) => [
        i === 1
          ? '/blog/a-very-long-slug-without-any-spaces-that-could-stretch-a-table-past-its-width'
          : `/page-${i}`,
        10_000 - i * 37,
        7_000 - i * 21,
      ]),
      shown: 5,
      truncated: false,
    },
    {
      type: 'anomalies',
      title: 'Anomalies in the last 24h',
      since: new Date(seriesStart).toISOString(),
      items: [
        {
          metric: 'Signups (1m)',
          t: new Date(seriesStart + 170 * 60_000).toISOString(),
          value: 840,
          score: 0.999,
        },
        {
          metric: 'Errors (1h)',
          t: new Date(seriesStart + 60 * 60_000).toISOString(),
          value: 57,
          score: 0.97,
        },
      ],
      total: 2,
    },
    {
      type: 'forecast',
      title: 'Signups · forecast for the next 1h',
      chart: {
        valueLabel: 'Signups',
        points: minuteSeries(180, -1),
        forecast: minuteForecast(180, 60),
        timeZone,
      },
    },
  ];
}

/** The number of charts in {@link everyBlockContent}. */
export const everyBlockCharts = 2;

export async function everyBlockReportEmail(): Promise<OutgoingEmail> {
  const charts = new ResvgChartRenderer(await loadChartAssets());
  const email = await reportEmail(
    { name: 'Daily KPIs', schedule: { cron: '0 8 * * *', timezone: 'Europe/Berlin' } },
    'Acme Analytics',
    new Date(seriesStart + 180 * 60_000),
    everyBlockContent(),
    charts,
  );
  return outgoingEmail('ana@example.com', await renderEmail(email.document), {
    images: email.images,
    files: email.files,
  });
}
