/**
 * Rollups fed by the lake writer's dedupe: writeBatch with the rollup hook, over in-memory twins.
 * Every way a record can reach the writer twice must leave each count as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { eventsDatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { EventIdIndex } from '../../../../shared/domain/lake/event-id-index';
import {
  type EnvelopeRecord,
  type StreamItem,
  type WriteBatchDeps,
  writeBatch,
} from '../../../../shared/domain/lake/write-batch';
import type { MetricDefinition } from '../../../../shared/domain/metrics/metric-definition';
import { maxFutureSeconds } from '../../../../shared/domain/metrics/rollup-batch';
import {
  cachedMetricsForDataset,
  makeRollupHook,
  metricListTtlMs,
  rollupWarmUpSeconds,
} from '../../../../shared/domain/metrics/rollup-hook';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';
import { InMemoryRollupStore } from '../../../support/twins/in-memory-rollup-store';

const TENANT = '00000000-0000-4000-8000-00000000000a';
const METRIC = '00000000-0000-4000-8000-000000000001';
const now = new Date('2026-11-27T12:00:00Z');
const metric: MetricDefinition = {
  metricId: METRIC,
  tenantId: TENANT,
  name: 'signups',
  dataset: 'events',
  aggregation: 'count',
  filter: [],
  dimensions: [],
  timeField: 'timestamp',
  version: 1,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const record = (id: string, minute: number): EnvelopeRecord => {
  const timestamp = new Date(Date.parse('2026-11-27T11:00:00Z') + minute * 60_000).toISOString();
  return {
    tenantId: TENANT,
    dataset: 'events',
    eventId: id,
    receivedAt: '2026-11-27T11:59:00.000Z',
    schemaVersion: 1,
    data: { name: 'signup', timestamp },
  };
};
const item = (sequenceNumber: string, records: EnvelopeRecord[]): StreamItem => ({
  sequenceNumber,
  data: new TextEncoder().encode(JSON.stringify(records)),
});

describe('rollups from the lake writer', () => {
  let objects: InMemoryObjectStore;
  let rollups: InMemoryRollupStore;
  let deps: WriteBatchDeps;
  let failRollups: boolean;

  const counts = async () =>
    (await rollups.read(TENANT, METRIC, 1, 0, Date.parse('2026-11-28T00:00:00Z') / 1000)).map(
      (c) => c.cell.count,
    );

  beforeEach(() => {
    objects = new InMemoryObjectStore();
    rollups = new InMemoryRollupStore();
    failRollups = false;
    const store = {
      apply: (...args: Parameters<InMemoryRollupStore['apply']>) => {
        if (failRollups) throw new Error('DynamoDB unavailable');
        return rollups.apply(...args);
      },
      read: rollups.read.bind(rollups),
    };
    deps = {
      eventIndex: new EventIdIndex(async () => []),
      objects,
      unpack: (data) => JSON.parse(new TextDecoder().decode(data)) as EnvelopeRecord[],
      schemaOf: async () => eventsDatasetSchema,
      rawBucket: 'raw',
      curatedBucket: 'curated',
      quarantineBucket: 'quarantine',
      log: () => {},
      afterCurated: makeRollupHook({
        metrics: { listForDataset: async (_t, dataset) => (dataset === 'events' ? [metric] : []) },
        rollups: store,
        objects,
        curatedBucket: 'curated',
        now: () => now,
        lateWindowSeconds: 3600,
      }),
    };
  });

  it('counts each event once with one rollup write per cell, through redelivery and client retries', async () => {
    const batch = [item('1', [record('a', 0), record('b', 0), record('b', 0)]), item('2', [record('c', 1)])];

    await writeBatch(batch, deps);
    await writeBatch(batch, deps); // Kinesis redelivers the batch
    await writeBatch([item('9', [record('a', 0), record('c', 1)])], deps); // the client resends

    expect(await counts()).toEqual([2, 1]);
    expect(rollups.applyCalls[0]).toBe(2);
  });

  it('repairs the rollups of a file written just before the writer failed to update them', async () => {
    failRollups = true;
    const first = await writeBatch([item('1', [record('a', 0), record('b', 5)])], deps);
    failRollups = false;

    const retry = await writeBatch(
      [item('1', [record('a', 0), record('b', 5)]), item('2', [record('c', 5)])],
      deps,
    );

    expect(first.failedSequenceNumbers).toEqual(['1']);
    expect(retry.failedSequenceNumbers).toEqual([]);
    expect(await counts()).toEqual([1, 2]);
  });

  it('costs nothing for a dataset without metrics', async () => {
    await writeBatch([item('1', [{ ...record('a', 0), dataset: 'orders' }])], {
      ...deps,
      schemaOf: async () => ({ ...eventsDatasetSchema, dataset: 'orders' }),
    });

    expect(rollups.applyCalls).toEqual([]);
  });

  it("trusts a new metric's rollups only after every writer has seen it and future-stamped events are in", () => {
    expect(rollupWarmUpSeconds).toBeGreaterThanOrEqual(metricListTtlMs / 1000 + maxFutureSeconds);
  });

  it('caches the metric list for its TTL', async () => {
    let calls = 0;
    let clock = 0;
    const cached = cachedMetricsForDataset(
      {
        listForDataset: async () => {
          calls++;
          return [metric];
        },
      },
      30_000,
      () => clock,
    );

    await cached.listForDataset(TENANT, 'events');
    clock = 29_999;
    await cached.listForDataset(TENANT, 'events');
    clock = 30_001;
    await cached.listForDataset(TENANT, 'events');

    expect(calls).toBe(2);
  });
});
