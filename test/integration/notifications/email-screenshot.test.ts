/**
 * Looks at the emails as a person would: a real headless Chromium (Debian's `chromium`) opens
 * the alert email and a report-style email built from the same blocks, with charts resolved from
 * `cid:` to data URLs, and saves screenshots under test-output/screenshots/. Asserts every image
 * loaded and nothing is wider than the 600 px body (or a 375 px phone), and the scheduled report's
 * footer carries the recipient's own unsubscribe link, as sent. Without Chromium the
 * test skips, except under CI where it fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../infra/constructs/bundling';
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { seriesChartDescription, seriesChartSpec } from '../../../shared/domain/charts/series-chart';
import type { EmailDocument } from '../../../shared/domain/notifications/email-document';
import { outgoingEmail } from '../../../shared/domain/notifications/outgoing-email';
import { renderEmail } from '../../../shared/domain/notifications/render-email';
import { sendAlertEmails } from '../../../shared/domain/notifications/send-alert-emails';
import { verifyUnsubscribeToken } from '../../../shared/domain/reports/unsubscribe-token';
import type { OutgoingEmail } from '../../../shared/ports/mailer';
import { firingNotice } from '../../support/notifications/alert-fixtures';
import { htmlWithInlineImages } from '../../support/notifications/inline-cid-images';
import { alertChartInput, minuteForecast, minuteSeries } from '../../support/notifications/series-fixtures';
import {
  everyBlockCharts,
  everyBlockReport,
  everyBlockReportEmail,
  unsubscribeKey,
} from '../../support/reports/report-fixtures';
import { RecordingMailer } from '../../support/twins/recording-mailer';

const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const outDir = join(repoRoot, 'test-output', 'screenshots');

if (!haveChromium && process.env['CI'])
  throw new Error(`Chromium not found at ${chromiumPath}: .ci/run installs it (apt-get install -y chromium)`);
if (!haveChromium)
  console.warn(
    `Skipping the email screenshot test: no Chromium at ${chromiumPath} (apt-get install -y chromium)`,
  );

interface PageFacts {
  images: { alt: string; naturalWidth: number; width: number }[];
  links: { text: string; href: string }[];
  scrollWidth: number;
  /** Width of the email itself, measured in a viewport wider than it. */
  contentWidth: number;
  /** The element reaching furthest right, to name the culprit when something overflows. */
  widest: { tag: string; text: string };
}

/**
 * Runs in the page (a string: the project's TypeScript has no DOM types). MJML centres each
 * section in a `margin:0px auto; max-width` div on a full-width background: the email's width is the span from
 * the leftmost section to the rightmost edge of anything inside a section.
 */
const measureInPage = `(() => {
  const sections = [...document.querySelectorAll('div[style*="margin:0px auto"]')]
    .filter((d) => d.getBoundingClientRect().width > 0);
  let left = Infinity;
  let right = 0;
  let widest = { tag: '', text: '' };
  for (const section of sections) {
    left = Math.min(left, section.getBoundingClientRect().left);
    for (const el of [section, ...section.querySelectorAll('*')]) {
      const r = el.getBoundingClientRect().right;
      if (r > right) { right = r; widest = { tag: el.tagName, text: (el.textContent || '').trim().slice(0, 60) }; }
    }
  }
  return {
    images: [...document.images].map((i) => ({ alt: i.alt, naturalWidth: i.naturalWidth, width: i.width })),
    links: [...document.links].map((a) => ({ text: (a.textContent || '').trim(), href: a.href })),
    scrollWidth: document.documentElement.scrollWidth,
    contentWidth: Math.round(right - left),
    widest,
  };
})()`;

let browser: Browser;
let alertMessage: OutgoingEmail;
let reportMessage: OutgoingEmail;
let scheduledReport: OutgoingEmail;

async function reportBlocksEmail(): Promise<OutgoingEmail> {
  const charts = new ResvgChartRenderer(await loadChartAssets());
  const input = {
    valueLabel: 'Signups per minute',
    points: minuteSeries(180, -1),
    forecast: minuteForecast(180, 60),
    timeZone: 'America/New_York',
  };
  const chart = await charts.render(seriesChartSpec(input));
  const doc: EmailDocument = {
    subject: 'Daily KPIs — Acme Analytics',
    preheader: 'Signups up 25% on the previous day',
    header: { tenantName: 'Acme Analytics', title: 'Daily KPIs', timeZone: 'America/New_York' },
    blocks: [
      {
        type: 'kpis',
        tiles: [
          { label: 'Signups', value: 1250, previous: 1000 },
          { label: 'Error rate', value: 2.5, previous: 2, unit: '%', higherIsBetter: false },
          { label: 'Revenue', value: 98_765.4, previous: 101_000, unit: '€' },
        ],
      },
      { type: 'heading', text: 'Signups, next hour forecast' },
      {
        type: 'chart',
        contentId: 'forecast@nexus',
        alt: seriesChartDescription(input),
        width: chart.width,
        height: chart.height,
        caption: 'Dashed: forecast. Shaded: 80% and 95% bands.',
      },
      {
        type: 'table',
        caption: 'Top pages',
        columns: ['page', 'views', 'visitors', 'bounce rate'],
        rows: [
          ['/pricing', 12_004, 8_331, 0.41],
          ['/docs/getting-started/install-the-sdk-for-your-platform-of-choice', 8_120, 6_002, 0.22],
          [
            '/blog/a-very-long-slug-without-any-spaces-that-could-stretch-a-table-past-its-width',
            3_101,
            2_980,
            0.67,
          ],
        ],
        totalRows: 1_204,
        more: 'The full result is attached as CSV.',
      },
    ],
    reason: 'You receive this report because you subscribed to "Daily KPIs" in Acme Analytics.',
    unsubscribeUrl: 'https://nexus.example.com/v1/unsubscribe?token=abc',
  };
  return outgoingEmail('ana@example.com', await renderEmail(doc), {
    images: [{ contentId: 'forecast@nexus', png: chart.png }],
  });
}

beforeAll(async () => {
  if (!haveChromium) return;
  mkdirSync(outDir, { recursive: true });
  const mailer = new RecordingMailer();
  const { chart: _c, ...notice } = firingNotice();
  await sendAlertEmails(
    {
      notice,
      chart: alertChartInput(),
      recipients: ['ana@example.com'],
      unsubscribeUrl: () => 'https://nexus.example.com/v1/unsubscribe?token=abc',
    },
    { mailer, charts: new ResvgChartRenderer(await loadChartAssets()) },
  );
  const [sent] = mailer.sent;
  if (!sent) throw new Error('no alert email was sent');
  alertMessage = sent;
  reportMessage = await reportBlocksEmail();
  scheduledReport = await everyBlockReportEmail();
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function look(email: OutgoingEmail, width: number, file: string): Promise<PageFacts> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  try {
    await page.setContent(htmlWithInlineImages(email), { waitUntil: 'load' });
    await page.screenshot({ path: join(outDir, file), fullPage: true });
    return (await page.evaluate(measureInPage)) as PageFacts;
  } finally {
    await page.close();
  }
}

describe.skipIf(!haveChromium)('emails in a real Chromium', () => {
  it('shows the alert email with its chart loaded and nothing wider than 600 px', async () => {
    const facts = await look(alertMessage, 900, 'alert-email.png');

    expect(facts.images).toHaveLength(1);
    expect(facts.images[0]?.naturalWidth).toBeGreaterThan(0);
    expect(facts.images[0]?.alt).toMatch(/^Line chart of Signups per minute/);
    expect(facts.contentWidth, JSON.stringify(facts.widest)).toBeLessThanOrEqual(600);
    expect(facts.contentWidth).toBeGreaterThan(500);
  }, 60_000);

  it('shows the report blocks (KPI tiles, chart, long table) within 600 px, and within a 375 px phone', async () => {
    const desktop = await look(reportMessage, 900, 'report-blocks.png');
    const phone = await look(reportMessage, 375, 'report-blocks-phone.png');

    expect(desktop.images.map((i) => i.naturalWidth > 0)).toEqual([true]);
    expect(desktop.contentWidth, JSON.stringify(desktop.widest)).toBeLessThanOrEqual(600);
    expect(phone.scrollWidth).toBeLessThanOrEqual(375);
    expect(phone.contentWidth, JSON.stringify(phone.widest)).toBeLessThanOrEqual(375);
  }, 60_000);

  it('shows a scheduled report with every block type and its unsubscribe footer, within 600 px and a phone', async () => {
    const desktop = await look(scheduledReport, 900, 'report-email.png');
    const phone = await look(scheduledReport, 375, 'report-email-phone.png');

    const loaded = desktop.images.filter((i) => i.naturalWidth > 0);
    expect(loaded.length).toBeGreaterThanOrEqual(everyBlockCharts);
    expect(loaded.every((i) => i.alt.startsWith('Line chart of Signups'))).toBe(true);
    expect(desktop.contentWidth, JSON.stringify(desktop.widest)).toBeLessThanOrEqual(600);
    expect(desktop.contentWidth).toBeGreaterThan(500);
    expect(phone.contentWidth, JSON.stringify(phone.widest)).toBeLessThanOrEqual(375);
    expect(scheduledReport.attachments?.some((a) => a.filename === 'top-pages-2.csv')).toBe(true);
    // The footer is the one real reports carry: the recipient's own link, the one in the headers.
    const unsubscribe = desktop.links.filter((l) => l.text === 'Unsubscribe').map((l) => l.href);
    expect(unsubscribe).toHaveLength(1);
    const href = unsubscribe[0] ?? '';
    expect(scheduledReport.html).toContain(`href="${href}"`);
    expect(scheduledReport.headers).toContainEqual({ name: 'List-Unsubscribe', value: `<${href}>` });
    expect(verifyUnsubscribeToken(unsubscribeKey, new URL(href).searchParams.get('token') ?? '')).toEqual({
      tenantId: everyBlockReport.tenantId,
      reportId: everyBlockReport.reportId,
      recipient: 'ana@example.com',
    });
  }, 60_000);
});
