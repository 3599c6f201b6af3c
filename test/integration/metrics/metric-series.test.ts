/**
 * The series use case against the real lake engine: Parquet written by the lake writer's
 * encoder, read by DuckDbQueryEngine through the generated SQL, stitched with rollups built by
 * the rollup batch code, as the lake writer builds them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type DatasetSchema, eventsDatasetSchema } from '../../../shared/domain/catalog/dataset-schema';
import { NotFoundError, ValidationError } from '../../../shared/domain/errors';
import type { LakeRecord } from '../../../shared/domain/lake/parquet-file';
import { defineMetricInput, specOf } from '../../../shared/domain/metrics/metric-definition';
import { metricSeries, type SeriesDeps } from '../../../shared/domain/metrics/metric-series';
import { LakeFixture } from '../../support/metrics/lake-fixture';
import { InMemoryDatasetCatalog } from '../../support/twins/in-memory-dataset-catalog';
import { InMemoryLakeCellStore } from '../../support/twins/in-memory-lake-cell-store';
import { InMemoryMetricCatalog } from '../../support/twins/in-memory-metric-catalog';
import { InMemoryRollupStore } from '../../support/twins/in-memory-rollup-store';

const lake = new LakeFixture();
afterAll(() => lake.remove());

let tenantId: string;
let metrics: InMemoryMetricCatalog;
let rollups: InMemoryRollupStore;
let lakeCells: InMemoryLakeCellStore;
let now: Date;
let deps: SeriesDeps;

beforeEach(() => {
  tenantId = randomUUID();
  metrics = new InMemoryMetricCatalog(() => new Date('2026-11-01T00:00:00Z'));
  rollups = new InMemoryRollupStore();
  lakeCells = new InMemoryLakeCellStore();
  now = new Date('2026-11-27T12:00:00Z');
  deps = {
    metrics,
    datasets: new InMemoryDatasetCatalog(),
    engine: lake.engine(),
    dialect: 'duckdb',
    rollups,
    lakeCells,
    lateWindowSeconds: 3600,
    now: () => now,
    newId: randomUUID,
  };
});

function ingest(records: LakeRecord[], schema: DatasetSchema = eventsDatasetSchema): Promise<void> {
  return lake.ingest(tenantId, records, { metrics, rollups, lakeCells }, schema);
}

function events(
  count: number,
  at: (i: number) => string,
  extra: (i: number) => Record<string, unknown> = () => ({}),
): LakeRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    receivedAt: at(i),
    schemaVersion: 1,
    data: { name: 'signup', timestamp: at(i), userId: `u${i % 7}`, ...extra(i) },
  }));
}

async function define(input: Record<string, unknown>): Promise<string> {
  const parsed = defineMetricInput.parse({ name: `m-${randomUUID()}`, dataset: 'events', ...input });
  return (await metrics.define(tenantId, randomUUID(), parsed.name, specOf(parsed))).metric.metricId;
}

const minuteIso = (base: string, minute: number) =>
  new Date(Date.parse(base) + minute * 60_000).toISOString();

/** Points the series at a lake engine that records each statement it starts; returns that list. */
function countLakeQueries(): string[] {
  const engine = lake.engine();
  const starts: string[] = [];
  deps = {
    ...deps,
    engine: {
      prepare: engine.prepare.bind(engine),
      start: (id, sql, scope) => {
        starts.push(sql);
        return engine.start(id, sql, scope);
      },
      status: engine.status.bind(engine),
      results: engine.results.bind(engine),
    },
  };
  return starts;
}

describe('metric series', () => {
  it('equals the ingested counts per minute and per hour, with empty buckets as 0', async () => {
    const metricId = await define({ aggregation: 'count' });
    // Three hours, minute m holding (m % 5) + 1 events, but minute 100 holding none.
    for (let m = 0; m < 180; m++) {
      if (m === 100) continue;
      await ingest(
        events((m % 5) + 1, (i) =>
          minuteIso('2026-11-27T08:00:00Z', m).replace(':00.000Z', `:${String(i).padStart(2, '0')}.000Z`),
        ),
      );
    }
    now = new Date('2026-11-27T11:30:00Z'); // the last half hour is in the late window: rollups

    const minutes = await metricSeries(
      tenantId,
      metricId,
      { from: '2026-11-27T08:00:00Z', to: '2026-11-27T11:00:00Z', interval: '1m', tz: 'UTC' },
      deps,
    );
    const hours = await metricSeries(
      tenantId,
      metricId,
      { from: '2026-11-27T08:00:00Z', to: '2026-11-27T11:00:00Z', interval: '1h', tz: 'UTC' },
      deps,
    );

    expect(minutes.points).toHaveLength(180);
    expect(minutes.points.map((p) => p.value)).toEqual(
      Array.from({ length: 180 }, (_, m) => (m === 100 ? 0 : (m % 5) + 1)),
    );
    expect(minutes.points[0]?.t).toBe('2026-11-27T08:00:00.000Z');
    const perHour = (h: number) =>
      Array.from({ length: 60 }, (_, i) => h * 60 + i).reduce((s, m) => s + (m === 100 ? 0 : (m % 5) + 1), 0);
    expect(hours.points).toEqual(
      [0, 1, 2].map((h) => ({
        t: `2026-11-27T${String(8 + h).padStart(2, '0')}:00:00.000Z`,
        value: perHour(h),
      })),
    );
  });

  it('stitches rollups and lake on a bucket boundary without counting an event twice', async () => {
    const metricId = await define({ aggregation: 'count' });
    // Every event is in the lake AND in the rollups, as the lake writer leaves them.
    await ingest(events(30, (i) => minuteIso('2026-11-27T10:30:00Z', i)));
    await ingest(events(40, (i) => minuteIso('2026-11-27T11:10:00Z', i % 40)));

    const series = await metricSeries(
      tenantId,
      metricId,
      { from: '2026-11-27T10:00:00Z', to: '2026-11-27T12:00:00Z', interval: '5m', tz: 'UTC' },
      deps,
    );

    expect(series.points.reduce((s, p) => s + (p.value ?? 0), 0)).toBe(70);
    expect(series.points.find((p) => p.t === '2026-11-27T10:55:00.000Z')?.value).toBe(5);
    expect(series.points.find((p) => p.t === '2026-11-27T11:50:00.000Z')?.value).toBe(0);
    expect(series.points.find((p) => p.t === '2026-11-27T11:10:00.000Z')?.value).toBe(5);
  });

  it('serves the late window from the rollups: a bucket only the lake holds reads 0 there', async () => {
    const metricId = await define({ aggregation: 'count' });
    await ingest(events(10, () => '2026-11-27T11:20:00Z'));
    await ingest(events(5, () => '2026-11-27T10:20:00Z'));
    // Rollups cleared: the recent bucket must now read 0, the older one still 5 (from the lake).
    deps = { ...deps, rollups: new InMemoryRollupStore() };

    const series = await metricSeries(
      tenantId,
      metricId,
      { from: '2026-11-27T10:00:00Z', to: '2026-11-27T12:00:00Z', interval: '1h', tz: 'UTC' },
      deps,
    );

    expect(series.points.map((p) => p.value)).toEqual([5, 0]);
  });

  it('buckets days at local midnight in both halves, across a DST change', async () => {
    const metricId = await define({ aggregation: 'count' });
    now = new Date('2026-03-30T00:30:00Z');
    // Berlin: 23:30 on the 28th (+01:00), 00:30 and 23:30 on the 29th (+02:00 from 03:00), 00:10 on the 30th.
    await ingest(events(1, () => '2026-03-28T22:30:00Z'));
    await ingest(events(2, () => '2026-03-28T23:30:00Z'));
    await ingest(events(3, () => '2026-03-29T21:30:00Z'));
    await ingest(events(4, () => '2026-03-29T22:10:00Z'));

    const lakeOnly = await metricSeries(
      tenantId,
      metricId,
      {
        from: '2026-03-28T00:00:00+01:00',
        to: '2026-03-31T00:00:00+02:00',
        interval: '1d',
        tz: 'Europe/Berlin',
      },
      deps,
    );
    now = new Date('2026-03-29T22:20:00Z'); // the 30th now comes from the rollups
    const stitched = await metricSeries(
      tenantId,
      metricId,
      {
        from: '2026-03-28T00:00:00+01:00',
        to: '2026-03-31T00:00:00+02:00',
        interval: '1d',
        tz: 'Europe/Berlin',
      },
      deps,
    );

    const expected = [
      { t: '2026-03-27T23:00:00.000Z', value: 1 },
      { t: '2026-03-28T23:00:00.000Z', value: 5 },
      { t: '2026-03-29T22:00:00.000Z', value: 4 },
    ];
    expect(lakeOnly.points).toEqual(expected);
    expect(stitched.points).toEqual(expected);
  });

  it('groups by a dimension and agrees between lake and rollups on distinct counts and filters', async () => {
    const amount = (i: number) => ({
      properties: undefined,
      userId: `u${i % 13}`,
      plan: undefined,
      amount: undefined,
      name: i % 3 ? 'buy' : 'view',
    });
    const records = events(300, (i) => minuteIso('2026-11-27T11:30:00Z', i % 20), amount);
    const ids = {
      distinct: await define({ aggregation: 'distinct', field: 'userId', dimensions: ['name'] }),
      count: await define({
        aggregation: 'count',
        dimensions: ['name'],
        filter: [{ field: 'name', op: 'neq', value: 'view' }],
      }),
    };
    await ingest(records);
    const query = {
      from: '2026-11-27T11:00:00Z',
      to: '2026-11-27T12:00:00Z',
      interval: '1h' as const,
      tz: 'UTC',
      groupBy: 'name',
    };

    const fromRollups = await metricSeries(tenantId, ids.distinct, query, deps);
    now = new Date('2026-11-28T12:00:00Z');
    const fromLake = await metricSeries(tenantId, ids.distinct, query, deps);
    const filtered = await metricSeries(tenantId, ids.count, query, deps);

    for (const series of [fromRollups, fromLake]) {
      expect(series.points).toEqual([{ t: '2026-11-27T11:00:00.000Z', value: 13 }]);
      expect(series.groups?.map((g) => [g.key, g.points[0]?.value])).toEqual([
        ['buy', 13],
        ['view', 13],
      ]);
    }
    expect(filtered.groups?.map((g) => [g.key, g.points[0]?.value])).toEqual([['buy', 200]]);
  });

  it('agrees between lake and rollups on sum, avg, min, max and p90 of a number field', async () => {
    const datasets = new InMemoryDatasetCatalog();
    const { dataset: orders } = await datasets.register(
      tenantId,
      'orders',
      [
        { name: 'eventId', type: 'string', required: false },
        { name: 'timestamp', type: 'timestamp', required: true },
        { name: 'amount', type: 'number', required: false },
      ],
      undefined,
    );
    deps = { ...deps, datasets };
    const ids = new Map<string, string>();
    for (const aggregation of ['sum', 'avg', 'min', 'max', 'p90'])
      ids.set(aggregation, await define({ dataset: 'orders', aggregation, field: 'amount' }));
    const amounts = Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) + 0.5);
    await ingest(
      amounts.map((amount, i) => ({
        eventId: randomUUID(),
        receivedAt: minuteIso('2026-11-27T11:30:00Z', i % 10),
        schemaVersion: 1,
        data: { timestamp: minuteIso('2026-11-27T11:30:00Z', i % 10), amount: i === 7 ? null : amount },
      })),
      orders,
    );
    const counted = amounts.filter((_, i) => i !== 7);
    const sorted = [...counted].sort((a, b) => a - b);
    const query = {
      from: '2026-11-27T11:00:00Z',
      to: '2026-11-27T12:00:00Z',
      interval: '1h' as const,
      tz: 'UTC',
    };

    const value = async (aggregation: string) =>
      (await metricSeries(tenantId, ids.get(aggregation) ?? '', query, deps)).points[0]?.value ?? Number.NaN;
    const rollupValues = Object.fromEntries(
      await Promise.all([...ids.keys()].map(async (a) => [a, await value(a)])),
    );
    now = new Date('2026-11-28T12:00:00Z');
    const lakeValues = Object.fromEntries(
      await Promise.all([...ids.keys()].map(async (a) => [a, await value(a)])),
    );

    const sum = counted.reduce((s, v) => s + v, 0);
    for (const values of [rollupValues, lakeValues]) {
      expect(values['sum']).toBeCloseTo(sum, 6);
      expect(values['avg']).toBeCloseTo(sum / counted.length, 6);
      expect(values['min']).toBe(sorted[0]);
      expect(values['max']).toBe(sorted.at(-1));
      // DuckDB interpolates, the sketch is within 1 %: both near the exact 90th percentile.
      expect(
        Math.abs((values['p90'] ?? 0) - (sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0)),
      ).toBeLessThan(2);
    }
  });

  it('keeps closed hours: a refresh asks the lake only for minutes not kept, and a late event has its hour read again', async () => {
    const metricId = await define({ aggregation: 'count' });
    await ingest(events(3, () => '2026-11-27T09:10:00Z'));
    const starts = countLakeQueries();
    const query = {
      from: '2026-11-27T09:00:00Z',
      to: '2026-11-27T12:00:00Z',
      interval: '1h' as const,
      tz: 'UTC',
    };
    const values = async () =>
      (await metricSeries(tenantId, metricId, query, deps)).points.map((p) => p.value);

    const first = await values();
    now = new Date('2026-11-27T12:00:30Z'); // the minute 11:00 leaves the late window
    const second = await values();
    const third = await values();
    // Received at 12:00:30, stamped 09:20: later than the late window, so lake only.
    await ingest(
      events(2, () => '2026-11-27T09:20:00Z').map((r) => ({ ...r, receivedAt: '2026-11-27T12:00:30.000Z' })),
    );
    const afterLate = await values();

    expect(first).toEqual([3, 0, 0]);
    expect(second).toEqual([3, 0, 0]);
    expect(third).toEqual([3, 0, 0]);
    expect(afterLate).toEqual([5, 0, 0]);
    // Everything, then the one minute that closed, nothing, then the marked hour alone.
    expect(starts).toHaveLength(3);
    expect(starts[1]).toContain("TIMESTAMP '2026-11-27 11:00:00.000'");
    expect(starts[1]).toContain("TIMESTAMP '2026-11-27 11:01:00.000'");
    expect(starts[2]).toContain("TIMESTAMP '2026-11-27 09:00:00.000'");
    expect(starts[2]).toContain("TIMESTAMP '2026-11-27 10:00:00.000'");
  });

  it('hands the minutes that leave the window to the rollups until their hour has left it whole', async () => {
    const metricId = await define({ aggregation: 'count' });
    // On time (received as stamped): in the lake and in the rollups.
    await ingest(events(2, () => '2026-11-27T11:00:10Z'));
    await ingest(events(4, () => '2026-11-27T11:01:10Z'));
    await ingest(events(8, () => '2026-11-27T11:30:10Z'));
    const starts = countLakeQueries();
    const query = {
      from: '2026-11-27T11:00:00Z',
      to: '2026-11-27T12:00:00Z',
      interval: '1m' as const,
      tz: 'UTC',
    };
    const at = async (iso: string) => {
      now = new Date(iso);
      return (await metricSeries(tenantId, metricId, query, deps)).points.map((p) => p.value);
    };
    const expected = (late = 0) =>
      Array.from({ length: 60 }, (_, m) => ({ 0: 2, 1: 4, 30: 8 })[m] ?? (m === 20 ? late : 0));

    const kept = await at('2026-11-27T12:00:30Z'); // lake: 11:00 only, kept
    const fromRollups = await at('2026-11-27T12:31:30Z'); // 11:01 to 11:31 from the rollups
    const lakeReads = starts.length;
    // Received at 12:32, stamped 11:20: later than the window, so lake only, and the hour is marked.
    await ingest(
      events(16, () => '2026-11-27T11:20:00Z').map((r) => ({ ...r, receivedAt: '2026-11-27T12:32:00.000Z' })),
    );
    const afterLate = await at('2026-11-27T12:32:30Z');
    const whole = await at('2026-11-27T13:00:30Z'); // the hour has left the window: read whole
    const readsBeforeKept = starts.length;
    const again = await at('2026-11-27T13:05:30Z');

    expect(kept).toEqual(expected());
    expect(fromRollups).toEqual(expected());
    expect(lakeReads).toBe(1);
    expect(afterLate).toEqual(expected(16));
    expect(starts[1]).toContain("TIMESTAMP '2026-11-27 11:00:00.000'");
    expect(whole).toEqual(expected(16));
    expect(again).toEqual(expected(16));
    expect(starts).toHaveLength(readsBeforeKept);
    expect(readsBeforeKept).toBe(3);
  });

  it('answers the same from kept hours as from the lake, in a zone with a half-hour offset', async () => {
    const metricId = await define({ aggregation: 'count', dimensions: ['name'] });
    for (let m = 0; m < 240; m += 7)
      await ingest(
        events(
          2,
          () => minuteIso('2026-11-27T06:00:00Z', m),
          (i) => ({ name: i ? 'a' : 'b' }),
        ),
      );
    const query = {
      from: '2026-11-27T06:00:00Z',
      to: '2026-11-27T11:00:00Z',
      interval: '1h' as const,
      tz: 'Asia/Kolkata',
      groupBy: 'name',
    };
    const fresh = await metricSeries(tenantId, metricId, query, deps);
    const kept = await metricSeries(tenantId, metricId, query, deps);
    const { lakeCells: _kept, ...withoutKept } = deps;
    const lakeOnly = await metricSeries(tenantId, metricId, query, withoutKept);

    expect(lakeCells.writes.flat().length).toBeGreaterThan(0);
    expect(kept).toEqual(fresh);
    expect(fresh).toEqual(lakeOnly);
    expect(fresh.points.reduce((sum, p) => sum + (p.value ?? 0), 0)).toBe(70);
  });

  it('refuses a groupBy that is not a dimension, an inverted range and an unknown metric', async () => {
    const metricId = await define({ aggregation: 'count' });
    const base = {
      from: '2026-11-27T10:00:00Z',
      to: '2026-11-27T11:00:00Z',
      interval: '1h' as const,
      tz: 'UTC',
    };

    await expect(metricSeries(tenantId, metricId, { ...base, groupBy: 'name' }, deps)).rejects.toMatchObject({
      details: [{ path: 'groupBy' }],
    });
    await expect(metricSeries(tenantId, metricId, { ...base, to: base.from }, deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      metricSeries(tenantId, metricId, { ...base, tz: 'Nowhere/Land' }, deps),
    ).rejects.toMatchObject({ details: [{ path: 'tz' }] });
    await expect(metricSeries(randomUUID(), metricId, base, deps)).rejects.toBeInstanceOf(NotFoundError);
  });
});
