/**
 * Alert evaluation over a real DuckDB lake and rollups, with the real detector and forecaster
 * behind an in-process ModelEndpoint: anomaly rules wait for the scorer, transitions queue one
 * delivery per channel (the webhook body signed as is, the email with its chart data), forecast
 * rules fire outside the band, and two evaluators running at once notify once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalDeliveryQueue } from '../../../shared/adapters/local/local-delivery-queue';
import type { AlertDeliveryPayload } from '../../../shared/domain/alerts/alert-notification';
import type { AlertCondition } from '../../../shared/domain/alerts/alert-rule';
import { type EvaluateDeps, evaluateAlerts } from '../../../shared/domain/alerts/evaluate-alerts';
import type { LakeRecord } from '../../../shared/domain/lake/parquet-file';
import {
  defineMetricInput,
  type MetricDefinition,
  specOf,
} from '../../../shared/domain/metrics/metric-definition';
import { type ScoreDeps, scoreSeries } from '../../../shared/domain/metrics/score-anomalies';
import type { QueuedDelivery } from '../../../shared/ports/delivery-queue';
import { LakeFixture } from '../../support/metrics/lake-fixture';
import { InMemoryAlertChannelStore, InMemoryAlertStore } from '../../support/twins/in-memory-alert-store';
import { InMemoryAnomalyStore } from '../../support/twins/in-memory-anomaly-store';
import { InMemoryDatasetCatalog } from '../../support/twins/in-memory-dataset-catalog';
import { InMemoryMetricCatalog } from '../../support/twins/in-memory-metric-catalog';
import { InMemoryModelMonitorStore } from '../../support/twins/in-memory-model-monitor-store';
import { InMemoryRollupStore } from '../../support/twins/in-memory-rollup-store';
import { inProcessModelEndpoint } from '../../support/twins/in-process-model-endpoint';

const lake = new LakeFixture();
afterAll(() => lake.remove());

const model = { name: 'nexus-analytics', version: 'test' };
const endpoint = inProcessModelEndpoint(model);
const day = Date.parse('2026-11-27T00:00:00Z');

let tenantId: string;
let metric: MetricDefinition;
let deps: EvaluateDeps & ScoreDeps;
let alerts: InMemoryAlertStore;
let channels: InMemoryAlertChannelStore;
let queue: LocalDeliveryQueue;
let now: Date;
let writer: { metrics: InMemoryMetricCatalog; rollups: InMemoryRollupStore };
const channelIds = { webhook: randomUUID(), email: randomUUID() };

function minuteRecords(m: number, spike: boolean): LakeRecord[] {
  const count = spike ? 400 : 18 + ((m * 7) % 5);
  const at = new Date(day + m * 60_000 + 5_000).toISOString();
  return Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    receivedAt: at,
    schemaVersion: 1,
    data: { name: 'signup', timestamp: at },
  }));
}

async function rule(condition: AlertCondition) {
  return alerts.create({
    alertId: randomUUID(),
    tenantId,
    name: `rule ${condition.type}`,
    metricId: metric.metricId,
    condition,
    interval: '1m',
    for: 1,
    cooldown: 0,
    severity: 'critical',
    channels: [channelIds.webhook, channelIds.email],
  });
}

async function drain(): Promise<QueuedDelivery[]> {
  const got = await queue.receive({ max: 100 });
  for (const d of got) await queue.ack(d.receipt);
  return got;
}

beforeEach(async () => {
  tenantId = randomUUID();
  const metrics = new InMemoryMetricCatalog(() => new Date('2026-11-01T00:00:00Z'));
  const parsed = defineMetricInput.parse({ name: 'signups', dataset: 'events', aggregation: 'count' });
  metric = (await metrics.define(tenantId, randomUUID(), parsed.name, specOf(parsed))).metric;
  const rollups = new InMemoryRollupStore();
  writer = { metrics, rollups };
  alerts = new InMemoryAlertStore(() => now);
  channels = new InMemoryAlertChannelStore();
  await channels.create({
    channelId: channelIds.webhook,
    tenantId,
    type: 'webhook',
    url: 'https://hooks.acme.test/x',
  });
  await channels.create({
    channelId: channelIds.email,
    tenantId,
    type: 'email',
    recipients: ['ana@acme.test'],
  });
  queue = new LocalDeliveryQueue();
  const anomalies = new InMemoryAnomalyStore();
  deps = {
    metrics,
    datasets: new InMemoryDatasetCatalog(),
    engine: lake.engine(),
    dialect: 'duckdb',
    rollups,
    lateWindowSeconds: 3600,
    now: () => now,
    newId: randomUUID,
    endpoint,
    anomalies,
    monitor: new InMemoryModelMonitorStore(anomalies, metrics),
    alerts,
    channels,
    queue,
    seriesLink: (id, from, to, interval) =>
      `https://api.acme.test/v1/metrics/${id}/series?from=${from.toISOString()}&to=${to.toISOString()}&interval=${interval}`,
  };
  for (let m = 0; m < 360; m += 10)
    await lake.ingest(
      tenantId,
      Array.from({ length: 10 }, (_, i) => minuteRecords(m + i, false)).flat(),
      writer,
    );
});

const log = () => {};

/** Ingests minutes 360–362 with a spike in 361, and moves the clock past their close. */
async function closeMinutesWithSpike() {
  await lake.ingest(
    tenantId,
    [360, 361, 362].flatMap((m) => minuteRecords(m, m === 361)),
    writer,
  );
  now = new Date('2026-11-27T06:03:40Z');
}

describe('alert evaluation', () => {
  it('waits for the scorer, then fires an anomaly rule once with a webhook body and an email chart', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    await scoreSeries(metric, '1m', deps);
    const anomaly = await rule({ type: 'anomaly' });
    await evaluateAlerts(await alerts.listAll(), deps, log);
    await lake.ingest(
      tenantId,
      [360, 361, 362].flatMap((m) => minuteRecords(m, m === 361)),
      writer,
    );
    now = new Date('2026-11-27T06:02:40Z');

    const before = await evaluateAlerts(await alerts.listAll(), deps, log);
    await scoreSeries(metric, '1m', deps);
    const after = await evaluateAlerts(await alerts.listAll(), deps, log);
    const again = await evaluateAlerts(await alerts.listAll(), deps, log);
    const deliveries = await drain();

    expect(before).toMatchObject({ evaluated: 0, notifications: 0 });
    expect(after).toMatchObject({ evaluated: 2, transitions: 1, notifications: 2 });
    expect(again).toMatchObject({ evaluated: 0, notifications: 0 });
    expect((await alerts.events(tenantId, anomaly.alertId, 10)).map((e) => [e.t, e.state, e.value])).toEqual([
      ['2026-11-27T06:01:00.000Z', 'firing', 400],
    ]);
    const byType = new Map(deliveries.map((d) => [d.task.channel.type, d.task]));
    expect(byType.get('webhook')?.payload).toMatchObject({
      type: 'alert.firing',
      data: {
        alertId: anomaly.alertId,
        value: 400,
        interval: { start: '2026-11-27T06:01:00.000Z', grain: '1m' },
      },
    });
    const email = byType.get('email')?.payload as unknown as AlertDeliveryPayload;
    expect(email.notice).toMatchObject({ state: 'firing', value: 400, tenantName: 'Acme' });
    expect(email.chart?.points.at(-1)).toEqual({ t: Date.parse('2026-11-27T06:01:00Z'), value: 400 });
    expect(email.chart?.points).toHaveLength(61);
    expect(byType.get('email')?.deliveryId).toBe(
      `${anomaly.alertId}:2026-11-27T06:01:00.000Z:firing:${channelIds.email}`,
    );
  }, 60_000);

  it('fires a forecast rule outside the 95% band and resolves it inside, with the band in the event', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    const forecast = await rule({ type: 'forecastBreach', level: 95 });
    await evaluateAlerts(await alerts.listAll(), deps, log);
    await closeMinutesWithSpike();

    await evaluateAlerts(await alerts.listAll(), deps, log);
    const events = await alerts.events(tenantId, forecast.alertId, 10);

    expect(events.map((e) => [e.t, e.state])).toEqual([
      ['2026-11-27T06:02:00.000Z', 'resolved'],
      ['2026-11-27T06:01:00.000Z', 'firing'],
    ]);
    const fired = events[1];
    expect(fired?.band?.level).toBe(95);
    expect(fired?.band?.upper).toBeLessThan(400);
    // The history repeats every 5 minutes exactly, so the band is narrow (even a point).
    expect(fired?.band?.lower).toBeLessThanOrEqual(fired?.band?.upper ?? 0);
  }, 60_000);

  it('asks the endpoint once per interval for forecast rules on the same metric and level', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    const same = [
      await rule({ type: 'forecastBreach', level: 95 }),
      await rule({ type: 'forecastBreach', level: 95 }),
    ];
    const other = await rule({ type: 'forecastBreach', level: 80 });
    await evaluateAlerts(await alerts.listAll(), deps, log);
    await closeMinutesWithSpike();
    const before = endpoint.operations.length;

    await evaluateAlerts(await alerts.listAll(), deps, log);

    // Three closed minutes: one forecast per minute for the two 95% rules, one for the 80% rule.
    expect(endpoint.operations.slice(before)).toEqual(Array(6).fill('forecast'));
    const fired = await Promise.all(
      [...same, other].map(async (r) => (await alerts.events(tenantId, r.alertId, 10)).map((e) => e.state)),
    );
    expect(fired[0]).toEqual(['resolved', 'firing']);
    expect(fired[1]).toEqual(fired[0]);
  }, 60_000);

  it('notifies once when two evaluators judge the same interval at the same time', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    await rule({ type: 'threshold', op: 'gt', value: 100 });
    await evaluateAlerts(await alerts.listAll(), deps, log);
    await lake.ingest(
      tenantId,
      [360, 361].flatMap((m) => minuteRecords(m, m === 361)),
      writer,
    );
    now = new Date('2026-11-27T06:02:40Z');

    const runs = await Promise.all([
      evaluateAlerts(await alerts.listAll(), deps, log),
      evaluateAlerts(await alerts.listAll(), deps, log),
    ]);

    expect(runs.map((r) => r.notifications).sort()).toEqual([0, 2]);
    expect(await drain()).toHaveLength(2);
  }, 60_000);
});
