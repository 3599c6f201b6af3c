import { describe, expect, it } from 'vitest';
import type { MetricDefinition } from '../../../../shared/domain/metrics/metric-definition';
import { matchesFilter, rollupDeltas, updateRollups } from '../../../../shared/domain/metrics/rollup-batch';
import { cellValue } from '../../../../shared/domain/metrics/rollup-cell';
import { InMemoryRollupStore } from '../../../support/twins/in-memory-rollup-store';

const now = Date.parse('2026-11-27T12:00:00Z') / 1000;
const metric = (extra: Partial<MetricDefinition> = {}): MetricDefinition => ({
  metricId: '00000000-0000-4000-8000-000000000001',
  tenantId: 't',
  name: 'signups',
  dataset: 'events',
  aggregation: 'count',
  filter: [],
  dimensions: [],
  timeField: 'timestamp',
  version: 1,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});
const event = (timestamp: string, data: Record<string, unknown> = {}) => ({
  data: { name: 'signup', timestamp, ...data },
});

describe('rollup batches', () => {
  it('folds a batch into one delta per metric, dimension values and minute', () => {
    const records = [
      event('2026-11-27T11:30:05Z', { plan: 'pro' }),
      event('2026-11-27T11:30:59Z', { plan: 'pro' }),
      event('2026-11-27T11:30:10Z', { plan: 'free' }),
      event('2026-11-27T11:31:00Z', { plan: 'pro' }),
    ];

    const deltas = rollupDeltas([metric({ dimensions: ['plan'] })], records, {
      now,
      lateWindowSeconds: 3600,
    });

    const byKey = new Map(
      deltas.map((d) => [`${new Date(d.minute * 1000).toISOString()} ${d.dims.join()}`, d.cell.count]),
    );
    expect(byKey).toEqual(
      new Map([
        ['2026-11-27T11:30:00.000Z pro', 2],
        ['2026-11-27T11:30:00.000Z free', 1],
        ['2026-11-27T11:31:00.000Z pro', 1],
      ]),
    );
  });

  it('leaves events older than the late window, or ahead of the clock, to the lake', () => {
    const records = [
      event('2026-11-27T10:59:59Z'),
      event('2026-11-27T11:00:00Z'),
      event('2026-11-27T12:00:59Z'),
      event('2026-11-27T12:05:00Z'),
    ];

    const deltas = rollupDeltas([metric()], records, { now, lateWindowSeconds: 3600 });

    expect(deltas.map((d) => new Date(d.minute * 1000).toISOString()).sort()).toEqual([
      '2026-11-27T11:00:00.000Z',
      '2026-11-27T12:00:00.000Z',
    ]);
  });

  it('applies filters with SQL semantics: a missing field matches nothing, not even neq', () => {
    const data = { plan: 'pro', seats: 3, timestamp: '2026-11-27T11:00:00Z' };

    expect(matchesFilter(data, { field: 'plan', op: 'neq', value: 'free' }, 'timestamp')).toBe(true);
    expect(matchesFilter(data, { field: 'missing', op: 'neq', value: 'free' }, 'timestamp')).toBe(false);
    expect(matchesFilter(data, { field: 'seats', op: 'gte', value: 3 }, 'timestamp')).toBe(true);
    expect(matchesFilter(data, { field: 'seats', op: 'gt', value: 3 }, 'timestamp')).toBe(false);
    expect(matchesFilter(data, { field: 'plan', op: 'in', value: ['free', 'pro'] }, 'timestamp')).toBe(true);
    expect(
      matchesFilter(data, { field: 'timestamp', op: 'lt', value: '2026-11-27T12:00:00+01:00' }, 'timestamp'),
    ).toBe(false);
  });

  it('writes once per cell per batch and counts a re-applied file once', async () => {
    const rollups = new InMemoryRollupStore();
    const deps = {
      metrics: {
        listForDataset: async () => [
          metric(),
          metric({
            metricId: '00000000-0000-4000-8000-000000000002',
            aggregation: 'distinct',
            field: 'userId',
          }),
        ],
      },
      rollups,
      now: () => new Date(now * 1000),
      lateWindowSeconds: 3600,
    };
    const records = Array.from({ length: 500 }, (_, i) =>
      event('2026-11-27T11:45:30Z', { userId: `u${i % 20}` }),
    );

    await updateRollups('t', 'events', 'curated/file-1.parquet', records, deps);
    await updateRollups('t', 'events', 'curated/file-1.parquet', records, deps);

    expect(rollups.applyCalls).toEqual([2, 2]);
    const [count] = await rollups.read('t', '00000000-0000-4000-8000-000000000001', 1, 0, now);
    const [distinct] = await rollups.read('t', '00000000-0000-4000-8000-000000000002', 1, 0, now);
    expect(cellValue(count?.cell, 'count')).toBe(500);
    expect(cellValue(distinct?.cell, 'distinct')).toBe(20);
  });
});
