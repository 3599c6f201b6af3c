/** ModelMonitorStore contract: the in-memory twin and PostgresModelMonitorStore must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresAnomalyStore } from '../../shared/adapters/postgres/postgres-anomaly-store';
import { PostgresModelMonitorStore } from '../../shared/adapters/postgres/postgres-model-monitor-store';
import { forecastOutcome } from '../../shared/domain/metrics/model-accuracy';
import type { AnomalyStore, WatchedSeries } from '../../shared/ports/anomaly-store';
import type { ModelMonitorStore } from '../../shared/ports/model-monitor-store';
import {
  at,
  day,
  expectedFigures,
  forecastOf,
  seedMonitoring,
} from '../support/metrics/model-monitoring-fixture';
import { InMemoryAnomalyStore } from '../support/twins/in-memory-anomaly-store';
import { InMemoryMetricCatalog } from '../support/twins/in-memory-metric-catalog';
import { InMemoryModelMonitorStore } from '../support/twins/in-memory-model-monitor-store';
import { type ContractStack, newMetric, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly monitor: ModelMonitorStore;
  readonly anomalies: AnomalyStore;
  /** An hourly series of a new metric of a new tenant. */
  newSeries(): Promise<WatchedSeries>;
}

const wholeDay = [`${day}T00:00:00.000Z`, '2026-11-28T00:00:00.000Z'] as const;

function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`ModelMonitorStore contract: ${name}`, () => {
    let s: Subject;
    let a: WatchedSeries;
    let b: WatchedSeries;
    let model: { name: string; version: string };
    beforeEach(async () => {
      s = makeSubject();
      a = await s.newSeries();
      b = await s.newSeries();
      model = { name: `detector-${randomUUID().slice(0, 8)}`, version: '1' };
      await seedMonitoring(s, a, b, model);
    });

    it('keeps forecasts pending until settled, and settled outcomes in order', async () => {
      expect((await s.monitor.pending(b, ...wholeDay)).map((f) => f.t)).toEqual([at(13)]);
      expect(await s.monitor.pending(b, at(13), at(14))).toEqual([forecastOf(at(13), 50, 5, 10, model)]);
      expect(await s.monitor.outcomes(b, ...wholeDay)).toEqual([
        { t: at(11), actual: 0, ape: null, inside80: false, inside95: false },
        { t: at(12), actual: 40, ape: 25, inside80: false, inside95: true },
      ]);
      expect(await s.monitor.outcomes(b, at(12), at(13))).toHaveLength(1);
    });

    it('replaces a forecast recorded again for the same interval, outcome cleared', async () => {
      const again = forecastOf(at(12), 42, 3, 6, model);
      await s.monitor.record(b, again);

      expect(await s.monitor.pending(b, at(12), at(13))).toEqual([again]);
      await s.monitor.settle(b, [forecastOutcome(again, 40)]);
      expect((await s.monitor.outcomes(b, at(12), at(13)))[0]?.inside80).toBe(true);
    });

    it("tallies a tenant's metric from its own forecasts and scores only", async () => {
      const tallies = await s.monitor.metricTallies(b.tenantId, b.metricId, ...wholeDay);
      const borrowed = await s.monitor.metricTallies(a.tenantId, b.metricId, ...wholeDay);

      expect(tallies).toEqual([
        {
          interval: '1h',
          tally: { forecasts: 2, apeSum: 25, apeCount: 1, inside80: 0, inside95: 1, scored: 4, flagged: 1 },
        },
      ]);
      expect(borrowed).toEqual([]);
    });

    it('tallies a model version over every tenant, leaving other versions out', async () => {
      const [tally] = await s.monitor.modelTallies(model, ...wholeDay);
      const other = await s.monitor.modelTallies({ ...model, version: '9' }, ...wholeDay);
      const early = await s.monitor.modelTallies(model, `${day}T00:00:00.000Z`, at(10));

      expect(tally?.interval).toBe('1h');
      expect(tally?.tally.forecasts).toBe(expectedFigures.forecasts.count);
      expect(tally?.tally.apeSum).toBeCloseTo((10 / 110) * 100 + 25, 9);
      expect([tally?.tally.inside80, tally?.tally.inside95]).toEqual([1, 2]);
      expect([tally?.tally.scored, tally?.tally.flagged]).toEqual([4, 1]);
      expect(other).toEqual([]);
      // Before 10:00 only B's 09:00 score counts.
      expect(early.map((t) => t.tally.scored)).toEqual([1]);
    });

    it('ignores a forecast for a metric the tenant has not got', async () => {
      const stranger = { ...b, tenantId: randomUUID() };
      await s.monitor.record(stranger, forecastOf(at(20), 1, 1, 1));

      expect(await s.monitor.pending(stranger, ...wholeDay)).toEqual([]);
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres']);
});
afterAll(async () => {
  await stack?.stop();
});

describeContract('InMemoryModelMonitorStore (twin)', () => {
  const metrics = new InMemoryMetricCatalog();
  const anomalies = new InMemoryAnomalyStore();
  return {
    anomalies,
    monitor: new InMemoryModelMonitorStore(anomalies, metrics),
    async newSeries() {
      const tenantId = randomUUID();
      const { metric } = await metrics.define(tenantId, randomUUID(), 'signups', {
        dataset: 'events',
        aggregation: 'count',
        filter: [],
        dimensions: [],
        timeField: 'timestamp',
      });
      return { tenantId, metricId: metric.metricId, version: metric.version, interval: '1h' };
    },
  };
});

describeContract('PostgresModelMonitorStore on embedded Postgres', () => {
  if (!stack) throw new Error('the stand-ins did not start');
  const { runtime } = stack;
  return {
    anomalies: new PostgresAnomalyStore(runtime.pool),
    monitor: new PostgresModelMonitorStore(runtime.pool),
    async newSeries() {
      return { ...(await newMetric(runtime)), interval: '1h' };
    },
  };
});
