/**
 * Scheduled reports end to end on the local platform: a metric and a report on a one-minute
 * schedule (Europe/Berlin) are created over HTTP; a send-now to a test address and the
 * scheduled run both land in the SES stand-in with an HTML part, an inline PNG chart and the
 * query's CSV and the RFC 8058 unsubscribe headers; the runs endpoint shows each recipient
 * delivered; invoking the runner again for the same scheduled time sends nothing; the one-click
 * POST to the header's URL (no API key, form-encoded, as mail clients send it) takes that
 * recipient out of the next scheduled run; the preview writes the email as .eml and .html and
 * sends nothing. Validation, scopes and tenant isolation on the way.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReportPreview } from '../../cli/report-preview';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; contentId?: string }[];
  headers?: { name: string; value: string }[];
}

interface Run {
  runId: string;
  kind: 'scheduled' | 'manual';
  scheduledAt: string;
  status: string;
  error?: string;
  recipients: { recipient: string; status: string; messageId?: string; reason?: string }[];
}

let e2e: E2ePlatform | undefined;
let api: ApiClient;
let pool: pg.Pool;

beforeAll(async () => {
  e2e = await startE2ePlatform('reports');
  api = e2e.api;
  pool = new pg.Pool({ connectionString: e2e.platform.standIns.databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await e2e?.stop();
});

async function emailsTo(address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${e2e?.platform.standIns.endpoints.ses}/store`)).json()) as {
    emails: StoredEmail[];
  };
  return store.emails.filter((e) => e.destination.to.includes(address));
}

async function runs(reportId: string): Promise<Run[]> {
  const response = await api.request<{ items: Run[] }>('GET', `/v1/reports/${reportId}/runs`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The runner renders in the gateway's process: a long render can outlast the keep-alive of
    // the poll's idle connection, which the next poll then finds reset. Poll again.
    const found = await probe().catch((error: unknown) => {
      if (Date.now() > deadline) throw error;
      return undefined;
    });
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function expectReportEmail(email: StoredEmail) {
  expect(email.body.html).toContain('<table');
  expect(email.body.text).toContain('Signups');
  const png = email.attachments.find((a) => a.contentType === 'image/png');
  expect(png?.contentId).toMatch(/^chart-\d+@nexus$/);
  expect(email.body.html).toContain(`cid:${png?.contentId}`);
  expect(
    Buffer.from(png?.content ?? '', 'base64')
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
  const csv = email.attachments.find((a) => a.filename?.endsWith('.csv'));
  expect(Buffer.from(csv?.content ?? '', 'base64').toString('utf8')).toContain('name,n');
  expect(email.headers).toContainEqual({
    name: 'List-Unsubscribe-Post',
    value: 'List-Unsubscribe=One-Click',
  });
  const link = unsubscribeLink(email);
  expect(link.startsWith(`${e2e?.platform.apiUrl}/v1/unsubscribe?token=`)).toBe(true);
  expect(email.body.html).toContain(`href="${link}"`);
}

/** The URL in the message's List-Unsubscribe header (`<https://…>`). */
function unsubscribeLink(email: StoredEmail): string {
  const value = email.headers?.find((h) => h.name === 'List-Unsubscribe')?.value ?? '';
  return value.replace(/^<|>$/g, '');
}

describe('scheduled reports', () => {
  it('sends now and on schedule with a chart and the CSV, records each recipient, and never sends a run twice', async () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      eventId: `r-${i}`,
      name: i % 3 === 0 ? 'page_view' : 'signup',
      timestamp: new Date(Date.now() - 2 * 3600_000 - i * 60_000).toISOString(),
    }));
    expect((await api.postJson('/v1/events', events)).status).toBe(202);
    // The query block reads the lake: wait until the events are queryable.
    await waitFor(
      'events in the lake',
      async () => {
        const result = await api.query('SELECT count(*) FROM events');
        return Number(result.rows[0]?.[0] ?? 0) >= 30 ? true : undefined;
      },
      60_000,
    );
    const metric = await api.postJson<{ metricId: string }>('/v1/metrics', {
      name: 'Signups',
      dataset: 'events',
      aggregation: 'count',
      filter: [{ field: 'name', op: 'eq', value: 'signup' }],
    });
    expect(metric.status, JSON.stringify(metric.body)).toBe(201);

    const recipients = [`ana-${randomUUID()}@example.com`, `ben-${randomUUID()}@example.com`];
    const created = await api.postJson<{ reportId: string; nextRunAt: string }>('/v1/reports', {
      name: 'Daily signups',
      schedule: { cron: '* * * * *', timezone: 'Europe/Berlin' },
      recipients,
      contents: [
        { type: 'metric', metricId: metric.body.metricId, range: '24h', compare: 'previousPeriod' },
        {
          type: 'query',
          sql: 'SELECT name, count(*) AS n FROM events GROUP BY name ORDER BY n DESC',
          maxRows: 5,
        },
        { type: 'anomalies', since: '24h' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { reportId, nextRunAt } = created.body;
    expect(Date.parse(nextRunAt) - Date.now()).toBeLessThanOrEqual(60_000);

    // Send-now to a test address: its own run, apart from scheduled ones.
    const tester = `test-${randomUUID()}@example.com`;
    const sent = await api.postJson<{ runId: string }>(`/v1/reports/${reportId}/send`, {
      recipients: [tester],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const manual = await waitFor(
      'the send-now run',
      async () => (await runs(reportId)).find((r) => r.runId === sent.body.runId && r.status === 'succeeded'),
      60_000,
    );
    expect(manual.kind).toBe('manual');
    expect(manual.recipients).toEqual([expect.objectContaining({ recipient: tester, status: 'sent' })]);
    const [testEmail] = await emailsTo(tester);
    expect(testEmail).toBeDefined();
    expectReportEmail(testEmail as StoredEmail);
    expect(testEmail?.destination.to).toEqual([tester]);

    // The schedule fires within its minute (plus the stand-in's start): both recipients get it.
    const scheduled = await waitFor(
      'a scheduled run',
      async () => (await runs(reportId)).find((r) => r.kind === 'scheduled' && r.status === 'succeeded'),
      90_000,
    );
    expect(scheduled.recipients.map((r) => [r.recipient, r.status])).toEqual(
      [...recipients].sort().map((r) => [r, 'sent']),
    );
    for (const address of recipients) {
      const mails = await emailsTo(address);
      expect(mails.length).toBeGreaterThanOrEqual(1);
      expectReportEmail(mails[0] as StoredEmail);
    }

    // A retried invocation for the same scheduled time sends nothing again.
    const before = (await emailsTo(recipients[0] as string)).length;
    const { handler } = await import('../../functions/reports/report-runner/handler');
    const again = await handler(
      { tenantId: e2e?.platform.tenantId, reportId, scheduledAt: scheduled.scheduledAt },
      { awsRequestId: randomUUID(), functionName: 'report-runner' } as never,
    );
    expect(again).toMatchObject({ outcome: 'done', runId: scheduled.runId, sent: 0 });
    expect((await emailsTo(recipients[0] as string)).length).toBe(before);

    // One-click unsubscribe from the header, as a mail client does it: no API key, form body.
    const [ana, ben] = recipients as [string, string];
    const link = unsubscribeLink((await emailsTo(ana))[0] as StoredEmail);
    const confirm = await fetch(link);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<form method="post">');
    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const unsubscribedAt = new Date().toISOString();
    const tampered = await fetch(
      link.replace(/token=(.)/, (_, c: string) => `token=${c === 'e' ? 'f' : 'e'}`),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      },
    );
    expect(tampered.status).toBe(400);
    // A run scheduled after the unsubscribe skips ana (recorded as suppressed) and still sends to ben.
    const mailsToAna = (await emailsTo(ana)).length;
    const next = await waitFor(
      'the next scheduled run',
      async () =>
        (await runs(reportId)).find(
          (r) => r.kind === 'scheduled' && r.scheduledAt > unsubscribedAt && r.status === 'succeeded',
        ),
      120_000,
    );
    expect(next.recipients.map((r) => [r.recipient, r.status, r.reason])).toEqual(
      [
        [ana, 'suppressed', 'unsubscribed'],
        [ben, 'sent', undefined],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect((await emailsTo(ana)).length).toBe(mailsToAna);

    // The preview a person opens: .eml and .html of the email as of now, sent to no one.
    const viewer = `preview-${randomUUID()}@example.com`;
    const outDir = await mkdtemp(join(tmpdir(), 'report-preview-'));
    const written = await writeReportPreview(
      { apiUrl: api.baseUrl, apiKey: e2e?.platform.apiKey ?? '' },
      reportId,
      {
        outDir,
        recipient: viewer,
      },
    );
    expect(written).toMatchObject({ to: viewer, eml: join(outDir, `${reportId}.eml`) });
    const eml = await readFile(written.eml, 'utf8');
    expect(eml).toMatch(/^Subject: =\?UTF-8\?Q\?Daily_signups/m);
    expect(eml).toMatch(/^List-Unsubscribe:\s+<http:\/\/[^>]+\/v1\/unsubscribe\?token=[^>]+>/m);
    expect(eml).toMatch(/^Content-Type: multipart\/related/m);
    expect(eml).toMatch(/^Content-Id: <chart-1@nexus>/im);
    expect(eml).toMatch(/^Content-Type: text\/csv/m);
    const html = await readFile(written.html, 'utf8');
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).not.toContain('cid:');
    expect(await emailsTo(viewer)).toEqual([]);
    expect((await runs(reportId)).some((r) => r.recipients.some((d) => d.recipient === viewer))).toBe(false);
    await rm(outDir, { recursive: true, force: true });

    expect((await api.request('DELETE', `/v1/reports/${reportId}`)).status).toBe(204);
    expect(e2e?.platform.scheduler.schedules().has(`nexus-local-reports/report-${reportId}`)).toBe(false);
  }, 420_000);

  it('refuses schedules EventBridge cannot run, with field paths, and keeps tenants and scopes apart', async () => {
    const bad = await api.postJson<{ error: { code: string; details: { path: string }[] } }>('/v1/reports', {
      name: 'Both days',
      schedule: { cron: '0 9 1 * 1', timezone: 'Europe/Berlin' },
      recipients: ['a@example.com'],
      contents: [{ type: 'query', sql: 'SELECT 1' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path)).toContain('schedule.cron');
    const badZone = await api.postJson<{ error: { details: { path: string }[] } }>('/v1/reports', {
      name: 'Zone',
      schedule: { cron: '0 9 * * 1', timezone: 'Mars/Olympus' },
      recipients: ['not-an-address'],
      contents: [{ type: 'metric', metricId: randomUUID() }],
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.details.map((d) => d.path)).toContain('recipients[0]');

    const created = await api.postJson<{ reportId: string }>('/v1/reports', {
      name: 'Mine',
      schedule: { cron: '0 9 * * 1-5', timezone: 'America/New_York' },
      recipients: ['a@example.com'],
      contents: [{ type: 'query', sql: 'SELECT name FROM events LIMIT 3' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { reportId } = created.body;
    const schedule = e2e?.platform.scheduler.schedules().get(`nexus-local-reports/report-${reportId}`);
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 9 ? * 2,3,4,5,6 *)',
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'ENABLED',
    });

    const directory = new PostgresTenantDirectory(pool);
    const other = await directory.createTenant('Other');
    const intruder = new ApiClient(
      api.baseUrl,
      (await directory.createApiKey(other.tenantId, 'all', ['query', 'admin'])).apiKey,
    );
    const reader = new ApiClient(
      api.baseUrl,
      (await directory.createApiKey(e2e?.platform.tenantId ?? '', 'reader', ['query'])).apiKey,
    );
    for (const [method, path] of [
      ['GET', `/v1/reports/${reportId}`],
      ['GET', `/v1/reports/${reportId}/runs`],
      ['DELETE', `/v1/reports/${reportId}`],
    ] as const)
      expect((await intruder.request(method, path)).status, `${method} ${path}`).toBe(404);
    expect((await intruder.postJson(`/v1/reports/${reportId}/send`, {})).status).toBe(404);
    expect((await intruder.request<{ items: unknown[] }>('GET', '/v1/reports')).body.items).toEqual([]);
    expect((await reader.request('GET', `/v1/reports/${reportId}`)).status).toBe(200);
    expect((await reader.postJson(`/v1/reports/${reportId}/send`, {})).status).toBe(403);
    expect(
      (
        await reader.request('PATCH', `/v1/reports/${reportId}`, {
          body: JSON.stringify({ enabled: false }),
          contentType: 'application/json',
        })
      ).status,
    ).toBe(403);

    const paused = await api.request<{ enabled: boolean; nextRunAt: string | null }>(
      'PATCH',
      `/v1/reports/${reportId}`,
      {
        body: JSON.stringify({ enabled: false }),
        contentType: 'application/json',
      },
    );
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ enabled: false, nextRunAt: null });
    expect(e2e?.platform.scheduler.schedules().get(`nexus-local-reports/report-${reportId}`)?.State).toBe(
      'DISABLED',
    );
  }, 120_000);
});
