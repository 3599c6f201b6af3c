/** AnomalyStore contract: the in-memory twin and PostgresAnomalyStore must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresAnomalyStore } from '../../shared/adapters/postgres/postgres-anomaly-store';
import type { AnomalyStore, IntervalScore, WatchedSeries } from '../../shared/ports/anomaly-store';
import { InMemoryAnomalyStore } from '../support/twins/in-memory-anomaly-store';
import { type ContractStack, newMetric, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly store: AnomalyStore;
  /** A watched series of a metric that exists (a real row where the adapter needs one). */
  newSeries(): Promise<WatchedSeries>;
}

const score = (t: string, anomaly: boolean, value = 1): IntervalScore => ({
  t,
  value,
  score: anomaly ? 0.9 : 0.1,
  anomaly,
  reasons: anomaly ? ['value far above the recent level'] : [],
  model: 'nexus-analytics@1',
});

function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`AnomalyStore contract: ${name}`, () => {
    let s: Subject;
    let series: WatchedSeries;
    beforeEach(async () => {
      s = makeSubject();
      series = await s.newSeries();
    });

    it('starts without a checkpoint and keeps the one it is advanced to', async () => {
      expect(await s.store.checkpoint(series)).toBeNull();

      const moved = await s.store.advance(
        series,
        null,
        { state: { version: 1, n: 3 }, lastScored: '2026-11-27T10:00:00.000Z' },
        [],
      );

      expect(moved).toBe(true);
      expect(await s.store.checkpoint(series)).toEqual({
        state: { version: 1, n: 3 },
        lastScored: '2026-11-27T10:00:00.000Z',
      });
    });

    it('keeps the forecaster history moved with the checkpoint, and none when not given', async () => {
      const recent = [
        [1_795_000_000, 12],
        [1_795_000_060, 0.5],
      ] as const;
      await s.store.advance(
        series,
        null,
        { state: { version: 1 }, lastScored: '2026-11-27T10:00:00.000Z', recent },
        [],
      );
      const kept = await s.store.checkpoint(series);
      await s.store.advance(
        series,
        '2026-11-27T10:00:00.000Z',
        { state: { version: 1 }, lastScored: '2026-11-27T10:01:00.000Z' },
        [],
      );

      expect(kept?.recent).toEqual(recent);
      expect(await s.store.checkpoint(series)).toEqual({
        state: { version: 1 },
        lastScored: '2026-11-27T10:01:00.000Z',
      });
    });

    it('advances only from the expected checkpoint, storing nothing when another scorer won', async () => {
      await s.store.advance(
        series,
        null,
        { state: { version: 1 }, lastScored: '2026-11-27T10:00:00.000Z' },
        [],
      );
      await s.store.advance(
        series,
        '2026-11-27T10:00:00.000Z',
        { state: { version: 1 }, lastScored: '2026-11-27T10:01:00.000Z' },
        [score('2026-11-27T10:01:00.000Z', true)],
      );

      const stale = await s.store.advance(
        series,
        '2026-11-27T10:00:00.000Z',
        { state: { version: 9 }, lastScored: '2026-11-27T10:02:00.000Z' },
        [score('2026-11-27T10:02:00.000Z', true)],
      );
      const again = await s.store.advance(
        series,
        null,
        { state: { version: 9 }, lastScored: '2026-11-27T10:05:00.000Z' },
        [],
      );

      expect([stale, again]).toEqual([false, false]);
      expect((await s.store.checkpoint(series))?.lastScored).toBe('2026-11-27T10:01:00.000Z');
      const anomalies = await s.store.anomalies(
        series.tenantId,
        series.metricId,
        '2026-11-27T00:00:00.000Z',
        '2026-11-28T00:00:00.000Z',
      );
      expect(anomalies.map((a) => a.t)).toEqual(['2026-11-27T10:01:00.000Z']);
    });

    it('lists flagged intervals in [from, to) only, oldest first, for the tenant that owns them', async () => {
      await s.store.advance(
        series,
        null,
        { state: { version: 1 }, lastScored: '2026-11-27T10:00:00.000Z' },
        [],
      );
      await s.store.advance(
        series,
        '2026-11-27T10:00:00.000Z',
        { state: { version: 1 }, lastScored: '2026-11-27T10:03:00.000Z' },
        [
          score('2026-11-27T10:03:00.000Z', true, 40),
          score('2026-11-27T10:01:00.000Z', true, 30),
          score('2026-11-27T10:02:00.000Z', false),
        ],
      );

      const all = await s.store.anomalies(
        series.tenantId,
        series.metricId,
        '2026-11-27T10:01:00.000Z',
        '2026-11-27T10:03:00.000Z',
      );
      const other = await s.store.anomalies(
        randomUUID(),
        series.metricId,
        '2026-11-27T00:00:00.000Z',
        '2026-11-28T00:00:00.000Z',
      );

      expect(all).toEqual([{ ...score('2026-11-27T10:01:00.000Z', true, 30), interval: '1m' }]);
      expect(other).toEqual([]);
    });

    it('reads a range longer than one statement returns (pageRows.range), each interval once, in order', async () => {
      const start = Date.parse('2026-11-27T00:00:00.000Z');
      const at = (i: number) => new Date(start + i * 60_000).toISOString();
      // 2,500 minutes: three pages of scores; 1,250 flagged, two pages of anomalies.
      const scores = Array.from({ length: 2_500 }, (_, i) => score(at(i), i % 2 === 1, i));
      await s.store.advance(series, null, { state: { version: 1 }, lastScored: at(2_499) }, scores);

      const read = await s.store.scores(series, at(0), at(2_500));
      const flagged = await s.store.anomalies(series.tenantId, series.metricId, at(1), at(2_500));

      expect(read).toEqual(scores);
      expect(flagged.map((a) => a.t)).toEqual(scores.filter((x, i) => x.anomaly && i >= 1).map((x) => x.t));
    }, 60_000);
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres']);
});
afterAll(async () => {
  await stack?.stop();
});

describeContract('InMemoryAnomalyStore (twin)', () => ({
  store: new InMemoryAnomalyStore(),
  newSeries: async () => ({ tenantId: randomUUID(), metricId: randomUUID(), version: 1, interval: '1m' }),
}));

describeContract('PostgresAnomalyStore on embedded Postgres', () => {
  if (!stack) throw new Error('the stand-ins did not start');
  const { runtime } = stack;
  return {
    store: new PostgresAnomalyStore(runtime.pool),
    async newSeries() {
      return { ...(await newMetric(runtime)), interval: '1m' };
    },
  };
});
