/** LakeCellStore contract: the in-memory twin and PostgresLakeCellStore must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  lakeReadLimits,
  maxKeptCells,
  PostgresLakeCellStore,
} from '../../shared/adapters/postgres/postgres-lake-cell-store';
import type { LakeCellRef, LakeCellStore, LakeHour } from '../../shared/ports/lake-cell-store';
import { InMemoryLakeCellStore } from '../support/twins/in-memory-lake-cell-store';
import { type ContractStack, newMetric, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly store: LakeCellStore;
  /** A metric version that exists (a real row where the adapter needs one). */
  newRef(): Promise<LakeCellRef>;
}

const H = 1_764_230_400; // 2026-11-27T08:00:00Z
const hour = (at: number, count: number, dims: (string | null)[] = []): LakeHour => ({
  hour: at,
  completeUntil: at + 3600,
  cells: [
    { minute: at, dims, cell: { count, sum: count * 2, min: 1, max: count } },
    { minute: at + 1800, dims, cell: { count: 1, sum: 0.5, min: null, max: null } },
  ],
});

function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`LakeCellStore contract: ${name}`, () => {
    let s: Subject;
    let ref: LakeCellRef;
    beforeEach(async () => {
      s = makeSubject();
      ref = await s.newRef();
    });

    it('reads back the hours written, in [from, to), oldest first, not stale', async () => {
      const { asOf } = await s.store.read(ref, H, H + 3 * 3600);
      await s.store.write(ref, [hour(H + 3600, 4, ['buy']), hour(H, 3, [null]), hour(H + 7200, 9)], asOf);

      const { hours } = await s.store.read(ref, H, H + 7200);

      expect(hours).toEqual([
        { ...hour(H, 3, [null]), stale: false },
        { ...hour(H + 3600, 4, ['buy']), stale: false },
      ]);
    });

    it('calls an hour stale when late events marked it after its cells were computed, until written again', async () => {
      const first = await s.store.read(ref, H, H + 7200);
      await s.store.write(ref, [hour(H, 3), hour(H + 3600, 4)], first.asOf);
      await s.store.markLate(ref.tenantId, ref.dataset, [H + 3600]);
      await s.store.markLate(ref.tenantId, 'other-dataset', [H]);

      const marked = await s.store.read(ref, H, H + 7200);
      await s.store.write(ref, [hour(H + 3600, 5)], marked.asOf);
      const rewritten = await s.store.read(ref, H, H + 7200);

      expect(marked.hours.map((h) => [h.hour, h.stale])).toEqual([
        [H, false],
        [H + 3600, true],
      ]);
      expect(rewritten.hours.map((h) => [h.hour, h.stale, h.cells[0]?.cell.count])).toEqual([
        [H, false, 3],
        [H + 3600, false, 5],
      ]);
    });

    it('keeps a newer computation over an older one, and one tenant out of another tenant’s hours', async () => {
      const older = await s.store.read(ref, H, H + 3600);
      const newer = await s.store.read(ref, H, H + 3600);
      await s.store.write(ref, [hour(H, 7)], newer.asOf);
      await s.store.write(ref, [hour(H, 1)], older.asOf);

      const { hours } = await s.store.read(ref, H, H + 3600);
      const other = await s.store.read({ ...ref, tenantId: randomUUID() }, H, H + 3600);

      expect(hours.map((h) => h.cells[0]?.cell.count)).toEqual([7]);
      expect(other.hours).toEqual([]);
    });
  });
}

describe('PostgresLakeCellStore: hours held in the process', () => {
  it('reads back what another process wrote since, and the same hours again unchanged', async () => {
    if (!stack) throw new Error('the stand-ins did not start');
    const ref = { ...(await newMetric(stack.runtime)), dataset: 'events' };
    const writer = new PostgresLakeCellStore(stack.runtime.pool);
    const reader = new PostgresLakeCellStore(stack.runtime.pool);
    await writer.write(ref, [hour(H, 3), hour(H + 3600, 4)], (await writer.read(ref, H, H + 7200)).asOf);

    const first = await reader.read(ref, H, H + 7200);
    const again = await reader.read(ref, H, H + 7200);
    await writer.write(ref, [hour(H + 3600, 8)], (await writer.read(ref, H, H + 7200)).asOf);
    const afterWrite = await reader.read(ref, H, H + 7200);
    await writer.markLate(ref.tenantId, ref.dataset, [H]);
    const afterMark = await reader.read(ref, H, H + 7200);

    expect(again.hours).toEqual(first.hours);
    expect(first.hours.map((h) => h.cells[0]?.cell.count)).toEqual([3, 4]);
    expect(afterWrite.hours.map((h) => [h.cells[0]?.cell.count, h.stale])).toEqual([
      [3, false],
      [8, false],
    ]);
    expect(afterMark.hours.map((h) => h.stale)).toEqual([true, false]);
  });

  it('drops the least recently read hours beyond its bound, and reads them from Postgres again', async () => {
    if (!stack) throw new Error('the stand-ins did not start');
    const ref = { ...(await newMetric(stack.runtime)), dataset: 'events' };
    const store = new PostgresLakeCellStore(stack.runtime.pool, 4);
    await store.write(
      ref,
      [hour(H, 1), hour(H + 3600, 2), hour(H + 7200, 3)],
      (await store.read(ref, H, H)).asOf,
    );

    const { hours } = await store.read(ref, H, H + 3 * 3600);

    expect(hours.map((h) => h.cells[0]?.cell.count)).toEqual([1, 2, 3]);
  });
});

/** An hour with `perMinute` dimension values in each of its 60 minutes (~33 bytes of JSON a cell). */
const wideHour = (at: number, perMinute: number): LakeHour => ({
  hour: at,
  completeUntil: at + 3600,
  cells: Array.from({ length: 60 * perMinute }, (_, i) => ({
    minute: at + Math.floor(i / perMinute) * 60,
    dims: [`player-${String(i % perMinute).padStart(4, '0')}`],
    cell: { count: i + 1, sum: i * 2, min: 1, max: i + 1 },
  })),
});

describe('PostgresLakeCellStore over the RDS Data API: reads in pages under its limits', () => {
  // 40 hours, ~2 MB of cells: every other hour ~20 KB (a row), the others ~80 KB (past the Data
  // API's 64 KB per row: read in chunks).
  const wide = Array.from({ length: 40 }, (_, i) => wideHour(H + i * 3600, i % 2 === 0 ? 10 : 40));

  it('reads a series whose hours in one statement the service would refuse, as pg reads it', async () => {
    if (!stack?.dataApi) throw new Error('the Data API stand-in did not start');
    const ref = { ...(await newMetric(stack.runtime)), dataset: 'events' };
    const writer = new PostgresLakeCellStore(stack.runtime.pool);
    await writer.write(ref, wide, (await writer.read(ref, H, H)).asOf);
    const to = H + 40 * 3600;

    // The statement before paging: every hour's cells at once.
    const unpaged = await stack.dataApi.pool
      .query(
        'SELECT hour, cells FROM metric_lake_hours WHERE tenant_id = $1 AND metric_id = $2 ORDER BY hour',
        [ref.tenantId, ref.metricId],
      )
      .then(
        () => 'answered',
        (error: Error) => error.message,
      );
    const overDataApi = new PostgresLakeCellStore(stack.dataApi.pool);
    const { hours } = await overDataApi.read(ref, H, to);
    const again = await overDataApi.read(ref, H, to);
    const byHourCount = await new PostgresLakeCellStore(stack.dataApi.pool, maxKeptCells, {
      ...lakeReadLimits,
      hoursPerPage: 7,
    }).read(ref, H + 1800, to - 3600);
    const overPg = await new PostgresLakeCellStore(stack.runtime.pool).read(ref, H, to);

    expect(unpaged).toMatch(/size limit/);
    expect(hours).toEqual(wide.map((h) => ({ ...h, stale: false })));
    expect(overPg.hours).toEqual(hours);
    expect(again.hours).toEqual(hours);
    expect(byHourCount.hours).toEqual(hours.slice(1, -1));
  }, 60_000);
});

describe('PostgresLakeCellStore over the RDS Data API: writes in statements under its request limit', () => {
  it('stores a computation larger than one request (~5 MB) in several statements, as pg stores it', async () => {
    if (!stack?.dataApi) throw new Error('the Data API stand-in did not start');
    const ref = { ...(await newMetric(stack.runtime)), dataset: 'events' };
    // 60 hours of ~85 KB: over the service's 4 MiB in one statement.
    const month = Array.from({ length: 60 }, (_, i) => wideHour(H + i * 3600, 40));
    const writer = new PostgresLakeCellStore(stack.dataApi.pool);
    const oneStatement = JSON.stringify(JSON.stringify(month.map((h) => h.cells)));

    await writer.write(ref, month, (await writer.read(ref, H, H)).asOf);
    const { hours } = await new PostgresLakeCellStore(stack.runtime.pool).read(ref, H, H + 60 * 3600);

    expect(oneStatement.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(hours).toEqual(month.map((h) => ({ ...h, stale: false })));
  }, 60_000);

  it('leaves out an hour too large for a statement on its own, and stores the others', async () => {
    if (!stack) throw new Error('the stand-ins did not start');
    const ref = { ...(await newMetric(stack.runtime)), dataset: 'events' };
    const store = new PostgresLakeCellStore(stack.runtime.pool, maxKeptCells, lakeReadLimits, 50_000);

    await store.write(
      ref,
      [hour(H, 3), wideHour(H + 3600, 40), hour(H + 7200, 5)],
      (await store.read(ref, H, H)).asOf,
    );
    const kept = await store.read(ref, H, H + 3 * 3600);
    const stored = await new PostgresLakeCellStore(stack.runtime.pool).read(ref, H, H + 3 * 3600);

    expect(kept.hours.map((h) => [h.hour, h.cells[0]?.cell.count])).toEqual([
      [H, 3],
      [H + 7200, 5],
    ]);
    expect(stored.hours).toEqual(kept.hours);
  });
});

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres'], { dataApi: true });
});
afterAll(async () => {
  await stack?.stop();
});

describeContract('InMemoryLakeCellStore (twin)', () => ({
  store: new InMemoryLakeCellStore(),
  newRef: async () => ({ tenantId: randomUUID(), metricId: randomUUID(), version: 1, dataset: 'events' }),
}));

describeContract('PostgresLakeCellStore on embedded Postgres', () => {
  if (!stack) throw new Error('the stand-ins did not start');
  const { runtime } = stack;
  return {
    store: new PostgresLakeCellStore(runtime.pool),
    async newRef() {
      return { ...(await newMetric(runtime)), dataset: 'events' };
    },
  };
});

describeContract('PostgresLakeCellStore over the RDS Data API', () => {
  if (!stack?.dataApi) throw new Error('the Data API stand-in did not start');
  const { runtime, dataApi } = stack;
  return {
    store: new PostgresLakeCellStore(dataApi.pool),
    async newRef() {
      return { ...(await newMetric(runtime)), dataset: 'events' };
    },
  };
});
