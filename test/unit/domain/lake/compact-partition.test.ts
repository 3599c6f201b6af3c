import { parquetMetadata } from 'hyparquet';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { settledHours } from '../../../../shared/domain/lake/compact-due';
import { type CompactionDeps, compactPartition } from '../../../../shared/domain/lake/compact-partition';
import { curatedEventIdIndex } from '../../../../shared/domain/lake/event-id-index';
import { manifestKey, partitionOf } from '../../../../shared/domain/lake/lake-layout';
import type { LakeRecord } from '../../../../shared/domain/lake/parquet-file';
import { isCompactedFile, parseManifest } from '../../../../shared/domain/lake/partition-manifest';
import { readCurated, readEventIds } from '../../../../shared/domain/lake/read-curated';
import { writeCurated } from '../../../../shared/domain/lake/write-curated';
import { TENANT_A } from '../../../support/events';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';

const BUCKET = 'curated-bucket';
const partition = partitionOf(TENANT_A, 'orders', '2026-03-04T05:36:07.000Z');
const schema: DatasetSchema = {
  dataset: 'orders',
  version: 1,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'n', type: 'integer', required: true },
    { name: 'meta', type: 'object', required: false },
  ],
};
const record = (id: string, second: number): LakeRecord => ({
  eventId: id,
  receivedAt: `2026-03-04T05:36:${String(second).padStart(2, '0')}.000Z`,
  schemaVersion: 1,
  data: { n: second, meta: { id } },
});

describe('compactPartition', () => {
  let objects: InMemoryObjectStore;
  let deps: CompactionDeps;
  const writer = () => ({ objects, curatedBucket: BUCKET, eventIndex: curatedEventIdIndex(objects, BUCKET) });
  const listed = () => parseManifest(BUCKET, objects.text(BUCKET, manifestKey(partition)) ?? '');
  const rows = async () =>
    (
      await Promise.all(
        listed().map(async (k) => readCurated((await objects.get(BUCKET, k)) ?? new Uint8Array())),
      )
    ).flat();
  const dataFiles = () => objects.keys(BUCKET).filter((k) => k.endsWith('.parquet'));

  beforeEach(async () => {
    objects = new InMemoryObjectStore();
    deps = {
      objects,
      cleanup: objects,
      curatedBucket: BUCKET,
      now: () => new Date(),
      retentionMs: 3_600_000,
    };
    // Five batches, written out of time order.
    for (const [i, second] of [40, 10, 30, 20, 50].entries()) {
      await writeCurated(
        partition,
        schema,
        [record(`e${i}a`, second), record(`e${i}b`, second + 1)],
        writer(),
      );
    }
  });

  it('swaps the small files for one merged file holding every row once, sorted by receive time', async () => {
    const before = await rows();

    const result = await compactPartition(partition, deps);

    expect(result).toEqual({ filesBefore: 5, filesAfter: 1, deleted: 0 });
    expect(listed()).toHaveLength(1);
    expect(isCompactedFile(listed()[0] ?? '')).toBe(true);
    const after = await rows();
    expect(after.map((r) => r.eventId).sort()).toEqual(before.map((r) => r.eventId).sort());
    expect(after.map((r) => r.data['n'])).toEqual([10, 11, 20, 21, 30, 31, 40, 41, 50, 51]);
    expect(after.find((r) => r.eventId === 'e0a')?.data['meta']).toEqual({ id: 'e0a' });
  });

  it('writes the merged file with GZIP, which the lake readers decode, and leaves batches on SNAPPY', async () => {
    const codecs = async (key: string) => {
      const bytes = (await objects.get(BUCKET, key)) ?? new Uint8Array();
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return new Set(
        parquetMetadata(file).row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)),
      );
    };
    const small = listed();
    expect(await codecs(small[0] ?? '')).toEqual(new Set(['SNAPPY']));

    await compactPartition(partition, deps);

    const merged = listed()[0] ?? '';
    expect(await codecs(merged)).toEqual(new Set(['GZIP']));
    const ids = await readEventIds((await objects.get(BUCKET, merged)) ?? new Uint8Array());
    expect(ids).toHaveLength(10);
  });

  it('keeps the inputs until the retention has passed, then deletes them', async () => {
    await compactPartition(partition, deps);
    expect(dataFiles()).toHaveLength(6);

    const later = await compactPartition(partition, { ...deps, now: () => new Date(Date.now() + 3_600_001) });

    expect(later.deleted).toBe(5);
    expect(dataFiles()).toEqual(listed());
  });

  it('keeps a file the lake writer committed while the merge ran', async () => {
    // Arrange: a late batch lands between the compactor's merge and its swap
    let late = false;
    const racing = Object.create(objects) as InMemoryObjectStore;
    racing.put = async (bucket, key, body, type) => {
      await objects.put(bucket, key, body, type);
      if (!late && isCompactedFile(key)) {
        late = true;
        await writeCurated(partition, schema, [record('late', 59)], writer());
      }
    };

    // Act
    const result = await compactPartition(partition, { ...deps, objects: racing });

    // Assert
    expect(late).toBe(true);
    expect(result.filesAfter).toBe(2);
    expect((await rows()).map((r) => r.eventId).sort()).toEqual(
      ['e0a', 'e0b', 'e1a', 'e1b', 'e2a', 'e2b', 'e3a', 'e3b', 'e4a', 'e4b', 'late'].sort(),
    );
  });

  it('lets the lake writer still drop a redelivery once its records sit in the merged file', async () => {
    await compactPartition(partition, deps);

    const retry = await writeCurated(partition, schema, [record('e2a', 30), record('new', 5)], writer());

    expect(retry).toMatchObject({ written: 1, duplicates: 1, heldBy: [] });
  });

  it('does nothing to a partition of one file', async () => {
    await compactPartition(partition, deps);
    const puts = objects.puts.length;

    const again = await compactPartition(partition, deps);

    expect(again).toEqual({ filesBefore: 1, filesAfter: 1, deleted: 0 });
    expect(objects.puts.length).toBe(puts);
  });
});

describe('settledHours', () => {
  it('starts at the newest hour that ended at least the settle time ago', () => {
    const hours = settledHours(new Date('2026-03-04T08:20:00Z'), 70 * 60_000, 2);
    // 08:20 - 70 min = 07:10, so the hour 06:00-07:00 is the newest settled one.
    expect(hours).toEqual([
      { dt: '2026-03-04', hour: '06' },
      { dt: '2026-03-04', hour: '05' },
      { dt: '2026-03-04', hour: '04' },
    ]);
  });
});
