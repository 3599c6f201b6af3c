/**
 * Alerts benchmark on the local platform, with the real every-minute schedules (nothing is
 * triggered by hand): three hours of minute-level signups are ingested, a count metric and an
 * anomaly alert and a threshold alert (> 30 a minute) are defined with a webhook channel, then
 * each round sends a 20x spike in the current minute and times the webhook's arrival from the
 * minute's closing (its end plus the 30 s grace that lets the lake writer count it) and from its end.
 * Usage: npm run bench:alerts -- [--rounds 1]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLog } from '../infra/local/log';
import { startLocalPlatform } from '../infra/local/platform';
import { closeGraceSeconds } from '../shared/domain/metrics/score-anomalies';
import { ApiClient } from '../test/support/api-client';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
const rounds = Number(args.rounds);
const minuteMs = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const arrivals: { alertId: string; start: string; type: string; at: number }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      type: string;
      data: { alertId: string; interval: { start: string } };
    };
    arrivals.push({
      alertId: body.data.alertId,
      start: body.data.interval.start,
      type: body.type,
      at: Date.now(),
    });
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const dataDir = await mkdtemp(join(tmpdir(), 'nexus-bench-alerts-'));
const platform = await startLocalPlatform({
  dataDir,
  port: 0,
  standInPorts: { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 },
  log: silentLog,
  logLevel: 'WARN',
});
const api = new ApiClient(platform.apiUrl, platform.apiKey);

async function must<T>(what: string, call: Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const response = await call;
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const signups = (minute: number, count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => ({
    eventId: `${tag}-${minute}-${i}`,
    name: 'signup',
    timestamp: new Date(minute + i * 10).toISOString(),
  }));

try {
  const channel = await must<{ channelId: string }>(
    'channel',
    api.postJson('/v1/alert-channels', { type: 'webhook', url: receiverUrl }),
    201,
  );
  const now = Math.floor(Date.now() / minuteMs) * minuteMs;
  const history = Array.from({ length: 180 }, (_, m) =>
    signups(now - (180 - m) * minuteMs, 2 + (m % 4), 'h'),
  ).flat();
  for (let i = 0; i < history.length; i += 500)
    await must('ingest', api.postJson('/v1/events', history.slice(i, i + 500)), 202);
  for (;;) {
    const counted = await api.query('SELECT count(*) FROM events');
    if (Number(counted.rows[0]?.[0]) >= history.length) break;
    await sleep(500);
  }
  const { metricId } = await must<{ metricId: string }>(
    'metric',
    api.postJson('/v1/metrics', { name: 'Signups', dataset: 'events', aggregation: 'count' }),
    201,
  );
  const rules = {
    anomaly: await must<{ alertId: string }>(
      'anomaly alert',
      api.postJson('/v1/alerts', {
        name: 'anomaly',
        metricId,
        condition: { type: 'anomaly' },
        channels: [channel.channelId],
      }),
      201,
    ),
    threshold: await must<{ alertId: string }>(
      'threshold alert',
      api.postJson('/v1/alerts', {
        name: 'threshold',
        metricId,
        condition: { type: 'threshold', op: 'gt', value: 30 },
        channels: [channel.channelId],
      }),
      201,
    ),
  };

  for (let round = 1; round <= rounds; round++) {
    // The next minute, after the scheduled scorer has seeded (its first run) and normal minutes passed.
    await sleep(minuteMs - (Date.now() % minuteMs) + 1_000);
    const spike = Math.floor(Date.now() / minuteMs) * minuteMs;
    await must('spike', api.postJson('/v1/events', signups(spike, 60, `spike${round}`)), 202);
    const end = spike + minuteMs;
    const closed = end + closeGraceSeconds * 1000;
    const startIso = new Date(spike).toISOString();
    for (const [name, rule] of Object.entries(rules)) {
      const deadline = Date.now() + 4 * minuteMs;
      let arrival = arrivals.find(
        (a) => a.alertId === rule.alertId && a.start === startIso && a.type === 'alert.firing',
      );
      while (!arrival && Date.now() < deadline) {
        await sleep(200);
        arrival = arrivals.find(
          (a) => a.alertId === rule.alertId && a.start === startIso && a.type === 'alert.firing',
        );
      }
      console.log(
        arrival
          ? `round ${round}, ${name} alert: anomalous minute closed → webhook received ${((arrival.at - closed) / 1000).toFixed(1)} s (from the minute's end ${((arrival.at - end) / 1000).toFixed(1)} s)`
          : `round ${round}, ${name} alert: no webhook within 4 minutes`,
      );
    }
    // Let the threshold alert resolve before the next spike.
    await sleep(2 * minuteMs);
  }
} finally {
  await platform.stop();
  receiver.close();
  await rm(dataDir, { recursive: true, force: true });
}
