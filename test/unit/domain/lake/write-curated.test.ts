import { beforeEach, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { curatedEventIdIndex } from '../../../../shared/domain/lake/event-id-index';
import { manifestKey, partitionMarkerKey, partitionOf } from '../../../../shared/domain/lake/lake-layout';
import type { LakeRecord } from '../../../../shared/domain/lake/parquet-file';
import { parseManifest } from '../../../../shared/domain/lake/partition-manifest';
import { readEventIds } from '../../../../shared/domain/lake/read-curated';
import { type WriteCuratedDeps, writeCurated } from '../../../../shared/domain/lake/write-curated';
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
  ],
};
const record = (id: string, n = 1, receivedAt = '2026-03-04T05:36:07.000Z'): LakeRecord => ({
  eventId: id,
  receivedAt,
  schemaVersion: 1,
  data: { n },
});
const prefix = `curated/tenant=${TENANT_A}/dataset=orders/dt=2026-03-04/hour=05/`;

describe('writeCurated', () => {
  let objects: InMemoryObjectStore;
  let deps: WriteCuratedDeps;
  /** A writer that starts cold: it knows only what the lake tells it. */
  const coldWriter = (): WriteCuratedDeps => ({ ...deps, eventIndex: curatedEventIdIndex(objects, BUCKET) });
  const listed = () => parseManifest(BUCKET, objects.text(BUCKET, manifestKey(partition)) ?? '');
  const storedIds = async () =>
    (
      await Promise.all(
        listed().map(async (k) => readEventIds((await objects.get(BUCKET, k)) ?? new Uint8Array())),
      )
    ).flat();

  beforeEach(() => {
    objects = new InMemoryObjectStore();
    deps = { objects, curatedBucket: BUCKET, eventIndex: curatedEventIdIndex(objects, BUCKET) };
  });

  it('writes new records to one file and commits it in the partition manifest', async () => {
    // Act
    const result = await writeCurated(partition, schema, [record('e1'), record('e2')], deps);

    // Assert
    expect(result).toMatchObject({ written: 2, duplicates: 0, heldBy: [] });
    expect(result.fileKey).toMatch(new RegExp(`^${prefix}[A-Za-z0-9_-]{32}-v1\\.parquet$`));
    expect(objects.objects.get(`${BUCKET}/${result.fileKey}`)?.contentType).toBe(
      'application/vnd.apache.parquet',
    );
    expect(objects.text(BUCKET, manifestKey(partition))).toBe(`s3://${BUCKET}/${result.fileKey}\n`);
    expect(objects.keys(BUCKET)).toContain(partitionMarkerKey(partition));
    expect(await storedIds()).toEqual(['e1', 'e2']);
  });

  it('drops duplicates inside the batch, keeping the first copy', async () => {
    const result = await writeCurated(
      partition,
      schema,
      [record('e1', 1), record('e1', 2), record('e2')],
      deps,
    );

    expect(result).toMatchObject({ written: 2, duplicates: 1 });
    expect(result.records.map((r) => r.data['n'])).toEqual([1, 1]);
  });

  it('drops records a committed file already holds, also for a writer that starts cold', async () => {
    // Arrange
    const first = await writeCurated(partition, schema, [record('e1'), record('e2')], deps);

    // Act: a redelivery reaches a fresh writer (the first one died after its commit)
    const retry = await writeCurated(partition, schema, [record('e2'), record('e3')], coldWriter());

    // Assert
    expect(retry).toMatchObject({ written: 1, duplicates: 1, heldBy: [first.fileKey] });
    expect(listed()).toEqual([first.fileKey, retry.fileKey]);
    expect((await storedIds()).sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('ignores a file a crashed writer wrote but never committed, and rewrites it on the retry', async () => {
    // Arrange: the data file is written, the manifest swap fails (the writer dies there)
    const failing = { ...deps, objects: Object.create(objects) as InMemoryObjectStore };
    failing.objects.putIfMatch = async () => {
      throw new Error('crashed before the commit');
    };
    await expect(writeCurated(partition, schema, [record('e1')], failing)).rejects.toThrow('crashed');
    const orphan = objects.keys(BUCKET).find((k) => k.endsWith('.parquet'));

    // Act
    const retry = await writeCurated(partition, schema, [record('e1')], coldWriter());

    // Assert: same name (same ids), now listed once
    expect(retry.written).toBe(1);
    expect(retry.fileKey).toBe(orphan);
    expect(listed()).toEqual([orphan]);
  });

  it('writes nothing when every record is already stored, naming the file that holds them', async () => {
    const first = await writeCurated(partition, schema, [record('e1')], deps);
    objects.puts.length = 0;

    const result = await writeCurated(partition, schema, [record('e1'), record('e1')], deps);

    expect(result).toEqual({ written: 0, duplicates: 2, records: [], heldBy: [first.fileKey] });
    expect(objects.puts).toEqual([]);
  });

  it('re-reads and retries when another writer swapped the manifest first', async () => {
    // Arrange: a competing commit lands between this writer's read and its swap
    const competitor = await writeCurated(partition, schema, [record('x1')], coldWriter());
    let raced = false;
    const racing = { ...deps, objects: Object.create(objects) as InMemoryObjectStore };
    racing.objects.getTagged = async (bucket, key) => {
      const read = await objects.getTagged(bucket, key);
      if (!raced && key === manifestKey(partition)) {
        raced = true;
        await writeCurated(partition, schema, [record('x2')], coldWriter());
      }
      return read;
    };

    // Act
    const result = await writeCurated(partition, schema, [record('e1'), record('x2')], racing);

    // Assert: nothing lost, nothing doubled
    expect(raced).toBe(true);
    expect(result).toMatchObject({ written: 1, duplicates: 1 });
    expect(listed()).toHaveLength(3);
    expect(listed()[0]).toBe(competitor.fileKey);
    expect((await storedIds()).sort()).toEqual(['e1', 'x1', 'x2']);
  });

  it('starts a warm batch from the manifest it committed, and reads it again once someone else changed it', async () => {
    // Arrange: a warm writer that remembers its manifests, counting its manifest reads
    let reads = 0;
    const counting = Object.create(objects) as InMemoryObjectStore;
    counting.getTagged = async (bucket, key) => {
      if (key === manifestKey(partition)) reads++;
      return objects.getTagged(bucket, key);
    };
    const warm = { ...deps, objects: counting, manifests: new Map() };

    // Act: two batches, then a competing commit, then a batch holding one of its records
    await writeCurated(partition, schema, [record('e1')], warm);
    await writeCurated(partition, schema, [record('e2')], warm);
    const readsBefore = reads;
    await writeCurated(partition, schema, [record('x1')], coldWriter());
    const after = await writeCurated(partition, schema, [record('e3'), record('x1')], warm);

    // Assert: one read for the first batch only; the stale view lost its swap and read again
    expect(readsBefore).toBe(1);
    expect(reads).toBe(2);
    expect(after).toMatchObject({ written: 1, duplicates: 1 });
    expect(listed()).toHaveLength(4);
    expect((await storedIds()).sort()).toEqual(['e1', 'e2', 'e3', 'x1']);
  });

  it("drops a retried request's copy that lands early in the next hour", async () => {
    // Arrange: stored at 05:59, retried at 06:01
    const first = await writeCurated(partition, schema, [record('e1', 1, '2026-03-04T05:59:58.000Z')], deps);
    const next = partitionOf(TENANT_A, 'orders', '2026-03-04T06:01:00.000Z');

    // Act
    const retry = await writeCurated(
      next,
      schema,
      [record('e1', 1, '2026-03-04T06:01:00.000Z'), record('e2', 1, '2026-03-04T06:01:00.000Z')],
      coldWriter(),
    );

    // Assert
    expect(retry).toMatchObject({ written: 1, duplicates: 1, heldBy: [first.fileKey] });
    expect(retry.records.map((r) => r.eventId)).toEqual(['e2']);
  });
});
