/** SesMailer with the real SES v2 client against aws-ses-v2-local, read back from its /store. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localHost, localRegion } from '../../../infra/local/resources';
import type { RunningServer } from '../../../infra/local/stand-ins/running-server';
import { runSes } from '../../../infra/local/stand-ins/ses-server';
import { freePort } from '../../../infra/local/tcp-ports';
import { SesMailer } from '../../../shared/adapters/aws/ses-mailer';
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { alertChartContentId, sendAlertEmails } from '../../../shared/domain/notifications/send-alert-emails';
import { MessageTooLargeError } from '../../../shared/ports/mailer';
import { firingNotice } from '../../support/notifications/alert-fixtures';
import { pngSize } from '../../support/notifications/png';
import { alertChartInput } from '../../support/notifications/series-fixtures';

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: {
    content: string;
    contentType: string;
    filename?: string;
    contentId?: string;
    contentDisposition?: string;
  }[];
  headers?: { name: string; value: string }[];
}

let server: RunningServer;
let endpoint: string;
let client: SESv2Client;

beforeAll(async () => {
  const port = await freePort();
  server = await runSes(port, localHost);
  endpoint = `http://${localHost}:${port}`;
  client = new SESv2Client({ region: localRegion, endpoint, credentials: localCredentials });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

async function stored(messageId: string): Promise<StoredEmail> {
  const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: StoredEmail[] };
  const email = store.emails.find((e) => e.messageId === messageId);
  if (!email) throw new Error(`message ${messageId} not in the SES store`);
  return email;
}

describe('SesMailer against aws-ses-v2-local', () => {
  it('sends HTML and text, an inline chart with its content id, a CSV attachment and the unsubscribe headers', async () => {
    const mailer = new SesMailer(client, { from: 'Nexus <alerts@nexus.example.com>' });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const csv = new TextEncoder().encode('page,views\n/pricing,1200\n');

    const sent = await mailer.send({
      to: 'ana@example.com',
      subject: 'Weekly KPIs — Acme',
      html: '<p>Hello <img src="cid:chart-1@nexus" alt="chart"></p>',
      text: 'Hello',
      attachments: [
        {
          filename: 'chart.png',
          contentType: 'image/png',
          content: png,
          disposition: 'inline',
          contentId: 'chart-1@nexus',
        },
        { filename: 'top-pages.csv', contentType: 'text/csv', content: csv, disposition: 'attachment' },
      ],
      headers: [
        { name: 'List-Unsubscribe', value: '<https://nexus.example.com/v1/unsubscribe?token=t1>' },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
      tags: { tenant: 'acme', report: 'rep 1' },
    });

    const email = await stored(sent.messageId);
    expect(email.from).toBe('Nexus <alerts@nexus.example.com>');
    expect(email.destination.to).toEqual(['ana@example.com']);
    expect(email.subject).toBe('Weekly KPIs — Acme');
    expect(email.body).toEqual({
      html: '<p>Hello <img src="cid:chart-1@nexus" alt="chart"></p>',
      text: 'Hello',
    });
    expect(
      email.attachments.map((a) => [a.filename, a.contentType, a.contentDisposition, a.contentId]),
    ).toEqual([
      ['chart.png', 'image/png', 'INLINE', 'chart-1@nexus'],
      ['top-pages.csv', 'text/csv', 'ATTACHMENT', undefined],
    ]);
    expect(Buffer.from(email.attachments[0]?.content ?? '', 'base64')).toEqual(Buffer.from(png));
    expect(Buffer.from(email.attachments[1]?.content ?? '', 'base64').toString()).toBe(
      'page,views\n/pricing,1200\n',
    );
    expect(email.headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://nexus.example.com/v1/unsubscribe?token=t1>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('refuses, before sending, a message over SES’s 10 MB and an inline part without a content id', async () => {
    const mailer = new SesMailer(client, { from: 'alerts@nexus.example.com' });
    const base = { to: 'ana@example.com', subject: 's', html: '<p>x</p>', text: 'x' };

    await expect(
      mailer.send({
        ...base,
        attachments: [
          {
            filename: 'big.csv',
            contentType: 'text/csv',
            content: new Uint8Array(8 * 1024 * 1024),
            disposition: 'attachment',
          },
        ],
      }),
    ).rejects.toBeInstanceOf(MessageTooLargeError);
    await expect(
      mailer.send({
        ...base,
        attachments: [
          { filename: 'c.png', contentType: 'image/png', content: new Uint8Array(3), disposition: 'inline' },
        ],
      }),
    ).rejects.toThrow(/content id/);
  });
});

describe('sendAlertEmails through SES', () => {
  it('lands one alert email per recipient in the SES store, each with the rendered chart as an inline PNG', async () => {
    const { chart: _chart, unsubscribeUrl: _u, ...notice } = firingNotice();
    const mailer = new SesMailer(client, { from: 'alerts@nexus.example.com' });
    const charts = new ResvgChartRenderer(await loadChartAssets());

    const result = await sendAlertEmails(
      { notice, chart: alertChartInput(), recipients: ['ana@example.com', 'bo@example.com'] },
      { mailer, charts },
    );

    expect(result.chartError).toBeUndefined();
    const emails = await Promise.all(
      result.recipients.map((r) =>
        r.status === 'sent' ? stored(r.messageId) : Promise.reject(new Error(r.error)),
      ),
    );
    expect(emails.map((e) => e.destination.to)).toEqual([['ana@example.com'], ['bo@example.com']]);
    for (const email of emails) {
      expect(email.subject).toBe('[Nexus] Firing: Signups spike (846)');
      expect(email.body.html).toContain(`cid:${alertChartContentId}`);
      const [part] = email.attachments;
      expect(part?.contentType).toBe('image/png');
      expect(part?.contentId).toBe(alertChartContentId);
      expect(pngSize(Buffer.from(part?.content ?? '', 'base64')).width).toBe(1120);
    }
  }, 60_000);
});
