/**
 * Alerts end to end on the local platform: three hours of minute-level signups in the past end
 * in a 20x spike; the series equals the counts; the anomaly alert fires once, its webhook
 * verifies with the channel's secret (standardwebhooks) and its email lands in the SES store
 * with the chart as an inline PNG; a threshold alert fires on the spike and resolves after it;
 * a resent batch changes no count. Scopes and tenant isolation of every alerts route too.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface WebhookBody {
  type: string;
  data: { alertId: string; state: string; value: number | null; interval: { start: string } };
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  attachments: { content: string; contentType: string; contentId?: string }[];
}

let e2e: E2ePlatform | undefined;
let api: ApiClient;
let pool: pg.Pool;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  e2e = await startE2ePlatform('alerts');
  api = e2e.api;
  pool = new pg.Pool({ connectionString: e2e.platform.standIns.databaseUrl, max: 2 });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/nexus`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await pool?.end();
  await e2e?.stop();
});

const minuteMs = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
/** Signups in minute m of the three hours: a steady few, then a 20x spike in the last minute. */
const signupsIn = (m: number) => (m === 179 ? 60 : 2 + (m % 4));

function minuteEvents(start: number, m: number) {
  // Every event in the first 3 s of its minute, so the spike minute's are in the past when sent.
  const at = (i: number) => new Date(start + m * minuteMs + i * 50).toISOString();
  const signups = Array.from({ length: signupsIn(m) }, (_, i) => ({
    eventId: `m${m}-s${i}`,
    name: 'signup',
    timestamp: at(i),
    userId: `u${i}`,
  }));
  return [...signups, { eventId: `m${m}-v`, name: 'page_view', timestamp: at(0) }];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

async function minuteValues(metricId: string, start: number, minutes: number): Promise<number[]> {
  const range = `from=${new Date(start).toISOString()}&to=${new Date(start + minutes * minuteMs).toISOString()}`;
  const response = await api.request<{ points: { value: number }[] }>(
    'GET',
    `/v1/metrics/${metricId}/series?${range}&interval=1m`,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.points.map((p) => p.value);
}

/** Runs the scorer, then the evaluator, as their every-minute schedules do. */
async function evaluateNow(): Promise<void> {
  await e2e?.platform.triggerSchedule('metric-anomalies');
  await e2e?.platform.triggerSchedule('alert-evaluator');
}

const webhooks = (alertId: string) =>
  received
    .map((r) => JSON.parse(r.body) as WebhookBody)
    .filter((b) => b.data.alertId === alertId && b.type !== 'alert.test');

describe('alerts', () => {
  it('fires an anomaly alert once on a spike, by signed webhook and email; a threshold alert resolves after it', async () => {
    const webhook = await api.postJson<{ channelId: string; secret: string }>('/v1/alert-channels', {
      type: 'webhook',
      url: receiverUrl,
    });
    expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
    expect(webhook.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const shown = await api.request<Record<string, unknown>>(
      'GET',
      `/v1/alert-channels/${webhook.body.channelId}`,
    );
    expect(shown.body).not.toHaveProperty('secret');
    const email = await api.postJson<{ channelId: string }>('/v1/alert-channels', {
      type: 'email',
      recipients: ['oncall@acme.test'],
    });
    expect(email.status).toBe(201);

    // The spike minute S is the current one: closed (and judged) about 90 s from its start.
    const second = (Date.now() % minuteMs) / 1000;
    if (second < 4 || second > 15) await sleep(minuteMs - (Date.now() % minuteMs) + 4_000);
    const spikeMinute = Math.floor(Date.now() / minuteMs) * minuteMs;
    const start = spikeMinute - 179 * minuteMs;
    const batches: ReturnType<typeof minuteEvents>[] = [];
    for (let m = 0; m < 180; m += 20)
      batches.push(Array.from({ length: 20 }, (_, i) => minuteEvents(start, m + i)).flat());
    for (const batch of batches) expect((await api.postJson('/v1/events', batch)).status).toBe(202);
    const expected = Array.from({ length: 180 }, (_, m) => signupsIn(m));
    const total = expected.reduce((s, n) => s + n, 0);
    // The metric is defined once its history is in the lake, as for a KPI defined on old data.
    await until(
      'the signups in the lake',
      async () => {
        const counted = await api.query("SELECT count(*) FROM events WHERE name = 'signup'");
        return Number(counted.rows[0]?.[0]) >= total ? true : undefined;
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
    const { metricId } = metric.body;
    // The detector starts watching from the history, before the spike minute closes (S + 90 s).
    await e2e?.platform.triggerSchedule('metric-anomalies');
    const values = await until(
      'the series to hold every signup',
      async () => {
        const got = await minuteValues(metricId, start, 180);
        return got.reduce((s, n) => s + n, 0) >= total ? got : undefined;
      },
      30_000,
    );
    expect(values).toEqual(expected);

    const anomaly = await api.postJson<{ alertId: string; state: string }>('/v1/alerts', {
      name: 'Signups anomaly',
      metricId,
      condition: { type: 'anomaly' },
      severity: 'critical',
      channels: [webhook.body.channelId, email.body.channelId],
    });
    expect(anomaly.status, JSON.stringify(anomaly.body)).toBe(201);
    expect(anomaly.body.state).toBe('ok');
    const threshold = await api.postJson<{ alertId: string }>('/v1/alerts', {
      name: 'Signups above 30',
      metricId,
      condition: { type: 'threshold', op: 'gt', value: 30 },
      channels: [webhook.body.channelId],
    });
    expect(threshold.status).toBe(201);

    await sleep(spikeMinute + 91_000 - Date.now());
    await evaluateNow();
    await until(
      'both firing webhooks',
      async () =>
        webhooks(anomaly.body.alertId).length >= 1 && webhooks(threshold.body.alertId).length >= 1
          ? true
          : undefined,
      90_000,
    );
    const [fired] = webhooks(anomaly.body.alertId);
    expect(fired?.type).toBe('alert.firing');
    expect(fired?.data.value).toBe(60);
    expect(fired?.data.interval.start).toBe(new Date(spikeMinute).toISOString());
    for (const hook of received) {
      // Throws unless the body was signed with this channel's secret, recently, under its id.
      expect(() =>
        new Webhook(webhook.body.secret).verify(hook.body, hook.headers as Record<string, string>),
      ).not.toThrow();
    }
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        received[0]?.body ?? '',
        received[0]?.headers as Record<string, string>,
      ),
    ).toThrow();

    const mail = await until(
      'the alert email in the SES store',
      async () => {
        const store = (await (await fetch(`${e2e?.platform.standIns.endpoints.ses}/store`)).json()) as {
          emails: StoredEmail[];
        };
        return store.emails.find((m) => m.destination.to.includes('oncall@acme.test'));
      },
      60_000,
    );
    expect(mail.subject).toContain('Firing: Signups anomaly');
    const png = mail.attachments.find((a) => a.contentType.startsWith('image/png'));
    expect(png?.contentId).toBeTruthy();
    expect(
      Buffer.from(png?.content ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    // The minute after the spike is back to 0: the threshold alert resolves.
    await sleep(spikeMinute + 151_000 - Date.now());
    await evaluateNow();
    await until(
      'the resolved webhook',
      async () =>
        webhooks(threshold.body.alertId).some((b) => b.type === 'alert.resolved') ? true : undefined,
      60_000,
    );
    expect(webhooks(threshold.body.alertId).map((b) => b.type)).toEqual(['alert.firing', 'alert.resolved']);
    const events = await api.request<{ items: { state: string; value: number }[] }>(
      'GET',
      `/v1/alerts/${threshold.body.alertId}/events`,
    );
    expect(events.body.items.map((e) => [e.state, e.value])).toEqual([
      ['resolved', 0],
      ['firing', 60],
    ]);
    expect(webhooks(anomaly.body.alertId).filter((b) => b.type === 'alert.firing')).toHaveLength(1);
    const deliveries = await api.request<{ items: { result: string; status?: number }[] }>(
      'GET',
      `/v1/alert-channels/${webhook.body.channelId}/deliveries`,
    );
    expect(deliveries.body.items.length).toBeGreaterThanOrEqual(3);
    expect(deliveries.body.items.every((d) => d.result === 'delivered' && d.status === 204)).toBe(true);

    // A resent batch changes no count; a new event after it shows the lake writer got past it.
    expect((await api.postJson('/v1/events', batches[8])).status).toBe(202);
    const marker = {
      eventId: 'marker',
      name: 'signup',
      timestamp: new Date(spikeMinute + 5_000).toISOString(),
    };
    expect((await api.postJson('/v1/events', [marker])).status).toBe(202);
    const after = await until(
      'the marker in the series',
      async () => {
        const got = await minuteValues(metricId, start, 180);
        return got[179] === 61 ? got : undefined;
      },
      // The lake half of a series is cached for a minute (LakeSeriesCache).
      120_000,
    );
    expect(after).toEqual([...expected.slice(0, 179), 61]);
  }, 420_000);

  it('sends a test notification, mutes, and keeps each tenant to its own rules and channels', async () => {
    const metric = await api.postJson<{ metricId: string }>('/v1/metrics', {
      name: 'Page views',
      dataset: 'events',
      aggregation: 'count',
    });
    const channel = await api.postJson<{ channelId: string }>('/v1/alert-channels', {
      type: 'webhook',
      url: receiverUrl,
    });
    const rule = await api.postJson<{ alertId: string }>('/v1/alerts', {
      name: 'Views drop',
      metricId: metric.body.metricId,
      condition: { type: 'change', percent: 50, window: 60 },
      interval: '5m',
      channels: [channel.body.channelId],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const { alertId } = rule.body;

    const test = await api.request<{ deliveries: string[] }>('POST', `/v1/alerts/${alertId}/test`);
    expect(test.status).toBe(202);
    expect(test.body.deliveries).toHaveLength(1);
    await until(
      'the test webhook',
      async () =>
        received.some((r) => r.body.includes('"alert.test"') && r.body.includes(alertId)) ? true : undefined,
      30_000,
    );
    const muted = await api.request<{ muted: boolean }>('PATCH', `/v1/alerts/${alertId}`, {
      body: JSON.stringify({ muted: true }),
      contentType: 'application/json',
    });
    expect(muted.status).toBe(200);
    expect(muted.body.muted).toBe(true);

    const bad = await api.postJson<{ error: { details: { path: string }[] } }>('/v1/alerts', {
      name: 'bad',
      metricId: metric.body.metricId,
      condition: { type: 'anomaly' },
      interval: '5m',
      channels: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path)).toEqual(['interval']);
    const unknownChannel = await api.postJson<{ error: { details: { path: string }[] } }>('/v1/alerts', {
      name: 'bad',
      metricId: metric.body.metricId,
      condition: { type: 'threshold', op: 'lt', value: 1 },
      channels: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknownChannel.status).toBe(400);
    expect(unknownChannel.body.error.details.map((d) => d.path)).toEqual(['channels[0]']);

    const directory = new PostgresTenantDirectory(pool);
    const other = await directory.createTenant('Other');
    const intruder = new ApiClient(
      api.baseUrl,
      (await directory.createApiKey(other.tenantId, 'all', ['ingest', 'query', 'admin'])).apiKey,
    );
    const reader = new ApiClient(
      api.baseUrl,
      (await directory.createApiKey(other.tenantId, 'reader', ['query'])).apiKey,
    );
    for (const path of [
      `/v1/alerts/${alertId}`,
      `/v1/alerts/${alertId}/events`,
      `/v1/alert-channels/${channel.body.channelId}`,
      `/v1/alert-channels/${channel.body.channelId}/deliveries`,
    ])
      expect((await intruder.request('GET', path)).status, path).toBe(404);
    expect((await intruder.request('POST', `/v1/alerts/${alertId}/test`)).status).toBe(404);
    expect((await intruder.request('DELETE', `/v1/alerts/${alertId}`)).status).toBe(404);
    expect((await intruder.request('DELETE', `/v1/alert-channels/${channel.body.channelId}`)).status).toBe(
      404,
    );
    expect((await intruder.request<{ items: unknown[] }>('GET', '/v1/alerts')).body.items).toEqual([]);
    const borrowed = await intruder.postJson('/v1/alerts', {
      name: 'x',
      metricId: metric.body.metricId,
      condition: { type: 'threshold', op: 'gt', value: 1 },
    });
    expect(borrowed.status).toBe(400);
    expect(
      (await reader.postJson('/v1/alert-channels', { type: 'email', recipients: ['a@b.test'] })).status,
    ).toBe(403);
    expect((await reader.request('GET', '/v1/alerts')).status).toBe(200);

    expect((await api.request('DELETE', `/v1/alerts/${alertId}`)).status).toBe(204);
    expect((await api.request('GET', `/v1/alerts/${alertId}`)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/alert-channels/${channel.body.channelId}`)).status).toBe(204);
  }, 120_000);
});
