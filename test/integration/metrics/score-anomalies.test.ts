/**
 * Anomaly scoring of metric series with the real detector behind a ModelEndpoint twin that runs
 * the model server's dispatcher in-process, over a real DuckDB lake and rollups.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LakeRecord } from '../../../shared/domain/lake/parquet-file';
import {
  defineMetricInput,
  type MetricDefinition,
  specOf,
} from '../../../shared/domain/metrics/metric-definition';
import {
  listAnomalies,
  type ScoreDeps,
  scoreSeries,
  watchedSeries,
} from '../../../shared/domain/metrics/score-anomalies';
import { LakeFixture } from '../../support/metrics/lake-fixture';
import { InMemoryAnomalyStore } from '../../support/twins/in-memory-anomaly-store';
import { InMemoryDatasetCatalog } from '../../support/twins/in-memory-dataset-catalog';
import { InMemoryMetricCatalog } from '../../support/twins/in-memory-metric-catalog';
import { InMemoryModelMonitorStore } from '../../support/twins/in-memory-model-monitor-store';
import { InMemoryRollupStore } from '../../support/twins/in-memory-rollup-store';
import { inProcessModelEndpoint } from '../../support/twins/in-process-model-endpoint';

const lake = new LakeFixture();
afterAll(() => lake.remove());
afterEach(() => vi.restoreAllMocks());

const model = { name: 'nexus-analytics', version: 'test' };
const endpoint = inProcessModelEndpoint(model);

let tenantId: string;
let metric: MetricDefinition;
let deps: ScoreDeps;
let writer: { metrics: InMemoryMetricCatalog; rollups: InMemoryRollupStore };
let now: Date;

/** Events in minute m of the test's day when it holds no spike. */
const usualCount = (m: number) => 18 + ((m * 7) % 5);

/** Minute m of the test's day: around 20 events, deterministic, with a 20x spike where asked. */
function minuteRecords(m: number, spike: boolean): LakeRecord[] {
  const count = spike ? 400 : usualCount(m);
  const at = new Date(Date.parse('2026-11-27T00:00:00Z') + m * 60_000 + 5_000).toISOString();
  return Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    receivedAt: at,
    schemaVersion: 1,
    data: { name: 'signup', timestamp: at },
  }));
}

beforeEach(async () => {
  tenantId = randomUUID();
  const metrics = new InMemoryMetricCatalog(() => new Date('2026-11-01T00:00:00Z'));
  const parsed = defineMetricInput.parse({ name: 'signups', dataset: 'events', aggregation: 'count' });
  metric = (await metrics.define(tenantId, randomUUID(), parsed.name, specOf(parsed))).metric;
  const rollups = new InMemoryRollupStore();
  writer = { metrics, rollups };
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
  };
  // Six hours of history, one lake file per ten minutes.
  for (let m = 0; m < 360; m += 10) {
    await lake.ingest(tenantId, Array.from({ length: 10 }, (_, i) => minuteRecords(m + i, false)).flat(), {
      metrics,
      rollups,
    });
  }
});

describe('metric anomaly scoring', () => {
  it('seeds from history, then flags the spiking minute once and only it', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    const seeded = await scoreSeries(metric, '1m', deps);
    await lake.ingest(
      tenantId,
      [360, 361, 362, 363].flatMap((m) => minuteRecords(m, m === 362)),
      writer,
    );
    now = new Date('2026-11-27T06:04:40Z');

    const scored = await scoreSeries(metric, '1m', deps);
    const again = await scoreSeries(metric, '1m', deps);
    const { anomalies } = await listAnomalies(
      tenantId,
      metric.metricId,
      { from: '2026-11-27T00:00:00Z', to: '2026-11-28T00:00:00Z' },
      deps,
    );

    // Seeding forecasts 06:00, which the next run settles before forecasting 06:04.
    expect(seeded).toEqual({ scored: 0, flagged: 0, seeded: true, settled: 0, forecast: true });
    expect(scored).toEqual({ scored: 4, flagged: 1, seeded: false, settled: 1, forecast: true });
    expect(again).toEqual({ scored: 0, flagged: 0, seeded: false, settled: 0, forecast: false });
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      t: '2026-11-27T06:02:00.000Z',
      interval: '1m',
      value: 400,
      anomaly: true,
      model: 'nexus-analytics@test',
    });
  });

  it('calls the endpoint once to detect and once to forecast per closed interval, and not at all with none', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    await scoreSeries(metric, '1m', deps);
    const runs: { scored: number; forecast: boolean; operations: string[] }[] = [];
    const run = async (at: string) => {
      now = new Date(at);
      const before = endpoint.operations.length;
      const outcome = await scoreSeries(metric, '1m', deps);
      runs.push({
        scored: outcome.scored,
        forecast: outcome.forecast,
        operations: endpoint.operations.slice(before),
      });
    };

    // Each minute closes 30 s after its end: one closed interval per run, then a run with none.
    for (const m of [360, 361, 362]) {
      await lake.ingest(tenantId, minuteRecords(m, false), writer);
      await run(new Date(Date.parse('2026-11-27T00:00:00Z') + (m + 1) * 60_000 + 31_000).toISOString());
    }
    await run('2026-11-27T06:03:50Z');

    // The forecast is model monitoring's (settled when the next interval closes), not a repeat.
    const closedRun = { scored: 1, forecast: true, operations: ['detect', 'forecast'] };
    expect(runs).toEqual([closedRun, closedRun, closedRun, { scored: 0, forecast: false, operations: [] }]);
  });

  it('scores only closed intervals: the current minute waits for its grace period', async () => {
    now = new Date('2026-11-27T06:00:40Z');
    await scoreSeries(metric, '1m', deps);
    await lake.ingest(tenantId, minuteRecords(360, false), writer);

    now = new Date('2026-11-27T06:01:20Z');
    const early = await scoreSeries(metric, '1m', deps);
    now = new Date('2026-11-27T06:01:31Z');
    const closed = await scoreSeries(metric, '1m', deps);

    expect(early.scored).toBe(0);
    expect(closed.scored).toBe(1);
  });

  describe('once seeded', () => {
    /** Lake queries started and the history each forecast was asked with, from now on. */
    const watch = () => {
      const starts = vi.spyOn(deps.engine, 'start');
      const invoke = vi.spyOn(endpoint, 'invoke');
      return {
        lakeQueries: () => starts.mock.calls.length,
        forecastHistories: () =>
          invoke.mock.calls.flatMap(([request]) =>
            request.operation === 'forecast'
              ? [request.series.map((s) => (s as { values: number[] }).values)]
              : [],
          ),
      };
    };
    /** The usual counts of minutes [first, last] of the test's day. */
    const minutes = (first: number, last: number) =>
      Array.from({ length: last - first + 1 }, (_, i) => usualCount(first + i));

    it('reads the history once to seed, then only the newly closed minute, forecasting from the history kept with the state', async () => {
      const seeding = watch();
      now = new Date('2026-11-27T06:00:40Z');
      await scoreSeries(metric, '1m', deps);
      const seedQueries = seeding.lakeQueries();
      const seedHistories = seeding.forecastHistories();
      vi.restoreAllMocks();

      await lake.ingest(tenantId, minuteRecords(360, false), writer);
      const steady = watch();
      now = new Date('2026-11-27T06:01:31Z');
      const scored = await scoreSeries(metric, '1m', deps);

      // The seed read serves the forecast too; 06:00 lies in the late-data window: the rollups.
      expect(seedQueries).toBe(1);
      expect(seedHistories).toEqual([[minutes(240, 359)]]);
      expect(scored).toMatchObject({ scored: 1, forecast: true });
      expect(steady.lakeQueries()).toBe(0);
      expect(steady.forecastHistories()).toEqual([[minutes(241, 360)]]);
    });

    it('reads the history back once for a checkpoint kept without it, then keeps it', async () => {
      now = new Date('2026-11-27T06:00:40Z');
      await scoreSeries(metric, '1m', deps);
      // As a checkpoint written before the history was kept with the state.
      const series = watchedSeries(metric, '1m');
      const checkpoint = await deps.anomalies.checkpoint(series);
      if (!checkpoint) throw new Error('not seeded');
      await deps.anomalies.advance(
        series,
        checkpoint.lastScored,
        { state: checkpoint.state, lastScored: checkpoint.lastScored },
        [],
      );

      await lake.ingest(tenantId, minuteRecords(360, false), writer);
      const upgrade = watch();
      now = new Date('2026-11-27T06:01:31Z');
      await scoreSeries(metric, '1m', deps);
      const upgradeQueries = upgrade.lakeQueries();
      const upgradeHistories = upgrade.forecastHistories();
      vi.restoreAllMocks();

      await lake.ingest(tenantId, minuteRecords(361, false), writer);
      const next = watch();
      now = new Date('2026-11-27T06:02:31Z');
      await scoreSeries(metric, '1m', deps);

      expect(upgradeQueries).toBe(1);
      expect(upgradeHistories).toEqual([[minutes(241, 360)]]);
      expect((await deps.anomalies.checkpoint(series))?.recent).toHaveLength(120);
      expect(next.lakeQueries()).toBe(0);
      expect(next.forecastHistories()).toEqual([[minutes(242, 361)]]);
    });
  });
});
