/**
 * Model monitoring end to end over a real DuckDB lake and rollups: the scorer forecasts each
 * next minute (a scripted forecaster with a known band, the real detector), settles the forecast
 * when the minute closes, the accuracy use case answers the hand-checked figures, and a
 * modelDrift rule on 95 % band coverage fires through the alert machinery with one webhook.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalDeliveryQueue } from '../../../shared/adapters/local/local-delivery-queue';
import { type EvaluateDeps, evaluateAlerts } from '../../../shared/domain/alerts/evaluate-alerts';
import type { ForecastResult } from '../../../shared/domain/analytics/contracts';
import type { InvocationInput } from '../../../shared/domain/analytics/inference/invocation-request';
import type { LakeRecord } from '../../../shared/domain/lake/parquet-file';
import {
  defineMetricInput,
  type MetricDefinition,
  specOf,
} from '../../../shared/domain/metrics/metric-definition';
import { metricModelAccuracy } from '../../../shared/domain/metrics/metric-model-accuracy';
import { type ScoreDeps, scoreSeries } from '../../../shared/domain/metrics/score-anomalies';
import type { ModelEndpoint } from '../../../shared/ports/model-endpoint';
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

const model = { name: 'nexus-analytics', version: '7' };
/** Every forecast is 20 with the 80 % band [18, 22] and the 95 % band [16, 24]. */
const scripted: ForecastResult = {
  method: 'scripted',
  period: 1,
  seasonal: false,
  mean: [20],
  intervals: [
    { level: 80, lower: [18], upper: [22] },
    { level: 95, lower: [16], upper: [24] },
  ],
};
const realModel = inProcessModelEndpoint(model, 'Challenger');
const forecastRequests: InvocationInput[] = [];
const endpoint: ModelEndpoint = {
  async invoke(request) {
    const input = request as InvocationInput;
    if (input.operation === 'forecast') {
      forecastRequests.push(input);
      const response = {
        operation: 'forecast' as const,
        succeeded: 1,
        failed: 0,
        results: [{ index: 0, status: 'ok' as const, result: scripted }],
        model,
      };
      return { response, variant: 'Challenger', model };
    }
    return realModel.invoke(request);
  },
};
const day = Date.parse('2026-11-27T00:00:00Z');
const minute = (m: number) => new Date(day + m * 60_000).toISOString();

let tenantId: string;
let metric: MetricDefinition;
let deps: EvaluateDeps & ScoreDeps;
let alerts: InMemoryAlertStore;
let queue: LocalDeliveryQueue;
let anomalies: InMemoryAnomalyStore;
let monitor: InMemoryModelMonitorStore;
let now: Date;
let writer: { metrics: InMemoryMetricCatalog; rollups: InMemoryRollupStore };
const webhook = randomUUID();

/** Minute m's events: 18 to 22 of them (18 + 7m mod 5), or 400 where asked. */
function minuteRecords(m: number, count = 18 + ((m * 7) % 5)): LakeRecord[] {
  const at = new Date(day + m * 60_000 + 5_000).toISOString();
  return Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    receivedAt: at,
    schemaVersion: 1,
    data: { name: 'signup', timestamp: at },
  }));
}

beforeEach(async () => {
  tenantId = randomUUID();
  forecastRequests.length = 0;
  const metrics = new InMemoryMetricCatalog(() => new Date('2026-11-01T00:00:00Z'));
  const parsed = defineMetricInput.parse({ name: 'signups', dataset: 'events', aggregation: 'count' });
  metric = (await metrics.define(tenantId, randomUUID(), parsed.name, specOf(parsed))).metric;
  const rollups = new InMemoryRollupStore();
  writer = { metrics, rollups };
  alerts = new InMemoryAlertStore(() => now);
  const channels = new InMemoryAlertChannelStore();
  await channels.create({ channelId: webhook, tenantId, type: 'webhook', url: 'https://hooks.acme.test/x' });
  queue = new LocalDeliveryQueue();
  anomalies = new InMemoryAnomalyStore();
  monitor = new InMemoryModelMonitorStore(anomalies, metrics);
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
    monitor,
    alerts,
    channels,
    queue,
    seriesLink: (id) => `https://api.acme.test/v1/metrics/${id}/series`,
  };
  // Six hours of history, one lake file per ten minutes.
  for (let m = 0; m < 360; m += 10)
    await lake.ingest(tenantId, Array.from({ length: 10 }, (_, i) => minuteRecords(m + i)).flat(), writer);
});

describe('model monitoring', () => {
  it('settles each minute’s forecast as it closes, reports the accuracy and fires a coverage drift alert once', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    await scoreSeries(metric, '1m', deps);
    const rule = await alerts.create({
      alertId: randomUUID(),
      tenantId,
      name: 'forecast band coverage',
      metricId: metric.metricId,
      condition: { type: 'modelDrift', measure: 'coverage95', op: 'lt', value: 50, window: 3 },
      interval: '1m',
      for: 1,
      cooldown: 0,
      severity: 'warning',
      channels: [webhook],
    });
    await evaluateAlerts(await alerts.listAll(), deps, () => {});
    // 06:00 has 18 events and 06:01 has 20 (inside both bands); 06:02 and 06:03 have 400.
    for (const m of [360, 361, 362, 363]) {
      await lake.ingest(tenantId, minuteRecords(m, m >= 362 ? 400 : undefined), writer);
      now = new Date(day + (m + 1) * 60_000 + 40_000);
      await scoreSeries(metric, '1m', deps);
      await evaluateAlerts(await alerts.listAll(), deps, () => {});
    }
    const accuracy = await metricModelAccuracy(
      tenantId,
      metric.metricId,
      { from: minute(0), to: minute(400) },
      { ...deps, monitor },
    );
    const flagged = await anomalies.anomalies(tenantId, metric.metricId, minute(0), minute(400));
    const deliveries = await queue.receive({ max: 10 });

    // One forecast per closed minute, each from the history before it, and one made for 06:04.
    expect(forecastRequests).toHaveLength(5);
    expect(
      forecastRequests.every(
        (r) => (r.series[0] && 'values' in r.series[0] ? r.series[0].values.length : 0) >= 10,
      ),
    ).toBe(true);
    expect(
      (await monitor.pending({ ...metric, interval: '1m' }, minute(0), minute(400))).map((f) => f.t),
    ).toEqual([minute(364)]);
    expect(accuracy.intervals).toHaveLength(1);
    const [figures] = accuracy.intervals;
    expect(figures?.interval).toBe('1m');
    // APE: |18 - 20| / 18, 0, 380 / 400 and 380 / 400.
    expect(figures?.forecasts.count).toBe(4);
    expect(figures?.forecasts.mape).toBeCloseTo(((2 / 18) * 100 + 0 + 95 + 95) / 4, 9);
    expect(figures?.forecasts.coverage80).toBe(50);
    expect(figures?.forecasts.coverage95).toBe(50);
    expect(figures?.detector).toEqual({
      scored: 4,
      flagged: flagged.length,
      alertRate: (flagged.length / 4) * 100,
    });
    expect(flagged.map((a) => a.t)).toContain(minute(362));
    // Coverage over 3 minutes: 100, 100, 66.7 at 06:00-06:02, then 33.3 at 06:03.
    const events = await alerts.events(tenantId, rule.alertId, 10);
    expect(events.map((e) => [e.t, e.state, e.expected])).toEqual([[minute(363), 'firing', 50]]);
    expect(events[0]?.value).toBeCloseTo(100 / 3, 9);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.task.payload).toMatchObject({
      type: 'alert.firing',
      data: { alertId: rule.alertId, interval: { start: minute(363), grain: '1m' } },
    });
  }, 120_000);
});
