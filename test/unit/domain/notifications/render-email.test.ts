import { describe, expect, it } from 'vitest';
import { alertEmail } from '../../../../shared/domain/notifications/alert-notice';
import type { EmailDocument } from '../../../../shared/domain/notifications/email-document';
import { renderEmail } from '../../../../shared/domain/notifications/render-email';
import { firingNotice } from '../../../support/notifications/alert-fixtures';

const reportDoc = (overrides: Partial<EmailDocument> = {}): EmailDocument => ({
  subject: 'Weekly KPIs',
  preheader: 'Signups up 25%',
  header: { tenantName: 'Acme Analytics', title: 'Weekly KPIs', timeZone: 'America/New_York' },
  blocks: [
    {
      type: 'kpis',
      tiles: [
        { label: 'Signups', value: 1250, previous: 1000 },
        { label: 'Error rate', value: 2.5, previous: 2, unit: '%', higherIsBetter: false },
        { label: 'Revenue', value: 900, previous: 0, unit: '€' },
        { label: 'Sessions', value: 77 },
      ],
    },
    {
      type: 'table',
      caption: 'Top pages',
      columns: ['page', 'views'],
      rows: [
        ['/pricing', 1200],
        ['/docs', 800],
      ],
      totalRows: 4200,
      more: 'The full result is attached as CSV.',
    },
  ],
  reason: 'You subscribed to the report "Weekly KPIs".',
  ...overrides,
});

describe('renderEmail', () => {
  it('renders an alert as 600 px HTML with inline styles, the chart by content id, and a text part', async () => {
    const email = await renderEmail(alertEmail(firingNotice()));

    expect(email.subject).toBe('[Nexus] Firing: Signups spike (846)');
    expect(email.html).not.toContain('<mj-');
    expect(email.html).toContain('max-width:600px');
    expect(email.html).toContain('src="cid:chart-signups@nexus"');
    expect(email.html).toContain('alt="Line chart of Signups per minute"');
    expect(email.html).toMatch(/<td[^>]*style="[^"]*color:#616e7c[^"]*"[^>]*>Expected<\/td>/);
    expect(email.html).toContain('href="https://nexus.example.com/v1/unsubscribe?token=abc"');
    expect(email.text).toContain('[FIRING] Signups per minute is 846, anomaly, sensitivity 0.9.');
    expect(email.text).toContain('Interval:  2 Dec 2026, 11:50–11:51 (1m)');
    expect(email.text).toContain('95% band:  29.5 – 52.9');
    expect(email.text).toContain('Open the series: https://nexus.example.com/v1/metrics/met_signups/series');
  });

  it('escapes names that carry markup, in HTML and subject alike', async () => {
    const email = await renderEmail(alertEmail(firingNotice({ alertName: '<img src=x onerror=alert(1)>' })));

    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses a link that is not http(s)', async () => {
    await expect(renderEmail(alertEmail(firingNotice({ seriesUrl: 'javascript:alert(1)' })))).rejects.toThrow(
      /http/,
    );
  });

  it('shows KPI tiles with their change, coloured by whether it is good news', async () => {
    const email = await renderEmail(reportDoc());

    expect(email.html).toMatch(/color:#1e7b34[^>]*>\+25\.0% vs previous period/);
    expect(email.html).toMatch(/color:#c62828[^>]*>\+25\.0% vs previous period/);
    expect(email.text).toContain('Signups: 1,250 (+25.0% vs previous period)');
    expect(email.text).toContain('Revenue: 900 € (new vs previous period)');
    expect(email.text).toContain('Sessions: 77\n');
    expect(email.text).toContain('Times in America/New_York');
  });

  it('says how much of a table is shown and right-aligns numbers', async () => {
    const email = await renderEmail(reportDoc());

    expect(email.html).toContain('Showing 2 of 4,200 rows. The full result is attached as CSV.');
    expect(email.html).toMatch(/text-align:right[^>]*>1,200<\/td>/);
    expect(email.text).toContain('page | views\n/pricing | 1,200\n/docs | 800');
  });
});
