/**
 * A report email with every block type (KPI, metric chart, query table + CSV, anomalies,
 * forecast), as the runner builds it and sends it to one recipient: with their own signed
 * unsubscribe link in the footer and the List-Unsubscribe headers.
 */
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { recipientMessage } from '../../../shared/domain/reports/compose-report';
import type { BlockContent } from '../../../shared/domain/reports/report-content';
import type { Report } from '../../../shared/domain/reports/report-definition';
import { reportEmail } from '../../../shared/domain/reports/report-email';
import { unsubscribeUrl } from '../../../shared/domain/reports/unsubscribe-token';
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
        // Signups are a count: the runner floors its forecast at 0 (aggregationFloor).
        floor: 0,
        timeZone,
      },
    },
  ];
}

/** The number of charts in {@link everyBlockContent}. */
export const everyBlockCharts = 2;

export const everyBlockReport: Report = {
  reportId: '7d1c5a52-3f0e-4a8e-9a57-2f1a6f0c9b11',
  tenantId: '0b6f2c1e-9d4a-4f3b-8e21-5c7a9d3e1f42',
  name: 'Daily KPIs',
  schedule: { cron: '0 8 * * *', timezone: 'Europe/Berlin' },
  recipients: ['ana@example.com'],
  contents: [],
  enabled: true,
  consecutiveFailures: 0,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};

/** The key the fixture's unsubscribe tokens are signed with. */
export const unsubscribeKey = Buffer.from('a-test-signing-key-of-at-least-32-bytes!');

/** The message ana@example.com gets, as the runner sends it. */
export async function everyBlockReportEmail(): Promise<OutgoingEmail> {
  const charts = new ResvgChartRenderer(await loadChartAssets());
  const email = await reportEmail(
    everyBlockReport,
    'Acme Analytics',
    new Date(seriesStart + 180 * 60_000),
    everyBlockContent(),
    charts,
  );
  return recipientMessage(
    everyBlockReport,
    email,
    'ana@example.com',
    { unsubscribeUrl: async (claims) => unsubscribeUrl('https://nexus.example.com', unsubscribeKey, claims) },
    { tenant: everyBlockReport.tenantId, report: everyBlockReport.reportId, run: 'run-1' },
  );
}
