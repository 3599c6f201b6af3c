import { beforeEach, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { partitionOf } from '../../../../shared/domain/lake/lake-layout';
import type { LakeRecord } from '../../../../shared/domain/lake/parquet-file';
import { claimKey, type WriteCuratedDeps, writeCurated } from '../../../../shared/domain/lake/write-curated';
import { TENANT_A } from '../../../support/events';
import { InMemoryIdempotencyStore } from '../../../support/twins/in-memory-idempotency-store';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';

const BUCKET = 'curated-bucket';
const partition = partitionOf(TENANT_A, 'orders', '2026-03-04T05:06:07.000Z');
const schema: DatasetSchema = {
  dataset: 'orders',
  version: 1,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'n', type: 'integer', required: true },
  ],
};
const record = (id: string, n = 1): LakeRecord => ({
  eventId: id,
  receivedAt: '2026-03-04T05:06:07.000Z',
  schemaVersion: 1,
  data: { n },
});
const prefix = `curated/tenant=${TENANT_A}/dataset=orders/dt=2026-03-04/hour=05/`;

describe('writeCurated', () => {
  let idempotency: InMemoryIdempotencyStore;
  let objects: InMemoryObjectStore;
  let deps: WriteCuratedDeps;

  beforeEach(() => {
    idempotency = new InMemoryIdempotencyStore();
    objects = new InMemoryObjectStore();
    deps = { idempotency, objects, curatedBucket: BUCKET };
  });

  it('writes new records to one file, claiming them for that file before the write', async () => {
    // Act
    const result = await writeCurated(partition, schema, [record('e1'), record('e2')], deps);

    // Assert
    expect(result.written).toBe(2);
    expect(result.duplicates).toBe(0);
    expect(result.fileKey).toMatch(new RegExp(`^${prefix}[A-Za-z0-9_-]{32}\\.parquet$`));
    expect(objects.keys(BUCKET)).toEqual([result.fileKey]);
    expect(objects.objects.get(`${BUCKET}/${result.fileKey}`)?.contentType).toBe(
      'application/vnd.apache.parquet',
    );
    expect(idempotency.writes).toEqual([
      [
        { key: claimKey(partition, 'e1'), fileKey: result.fileKey },
        { key: claimKey(partition, 'e2'), fileKey: result.fileKey },
      ],
    ]);
    expect(claimKey(partition, 'e1')).toBe(`${TENANT_A}#orders#e1`);
  });

  it('drops duplicates inside the batch, keeping the first copy', async () => {
    // Act
    const result = await writeCurated(
      partition,
      schema,
      [record('e1', 1), record('e1', 2), record('e2')],
      deps,
    );

    // Assert
    expect(result).toMatchObject({ written: 2, duplicates: 1 });
    expect(idempotency.writes[0]?.map((c) => c.key)).toEqual([
      claimKey(partition, 'e1'),
      claimKey(partition, 'e2'),
    ]);
  });

  it('drops records whose claimed file exists: they are already in the lake', async () => {
    // Arrange
    const existing = `${prefix}earlier.parquet`;
    await objects.put(BUCKET, existing, 'parquet bytes', 'application/vnd.apache.parquet');
    idempotency.claims.set(claimKey(partition, 'e1'), { key: claimKey(partition, 'e1'), fileKey: existing });
    objects.puts.length = 0;

    // Act
    const result = await writeCurated(partition, schema, [record('e1'), record('e2')], deps);

    // Assert
    expect(result).toMatchObject({ written: 1, duplicates: 1 });
    expect(idempotency.writes[0]?.map((c) => c.key)).toEqual([claimKey(partition, 'e2')]);
    expect(idempotency.claims.get(claimKey(partition, 'e1'))?.fileKey).toBe(existing);
    expect(objects.puts).toHaveLength(1);
  });

  it('takes over a claim whose file is missing (the writer died between claim and write)', async () => {
    // Arrange
    const lost = `${prefix}lost.parquet`;
    idempotency.claims.set(claimKey(partition, 'e1'), { key: claimKey(partition, 'e1'), fileKey: lost });

    // Act
    const result = await writeCurated(partition, schema, [record('e1'), record('e2')], deps);

    // Assert
    expect(result).toMatchObject({ written: 2, duplicates: 0 });
    expect(result.fileKey).not.toBe(lost);
    expect(objects.keys(BUCKET)).toEqual([result.fileKey]);
    expect(idempotency.claims.get(claimKey(partition, 'e1'))).toEqual({
      key: claimKey(partition, 'e1'),
      fileKey: result.fileKey,
    });
  });

  it('names the file by its event ids, so a retry overwrites the same object', async () => {
    // Arrange: the first attempt wrote the file, but its claims were lost.
    const first = await writeCurated(partition, schema, [record('e1'), record('e2')], {
      ...deps,
      idempotency: new InMemoryIdempotencyStore(),
    });

    // Act
    const retry = await writeCurated(partition, schema, [record('e2'), record('e1')], deps);

    // Assert
    expect(retry.fileKey).toBe(first.fileKey);
    expect(objects.keys(BUCKET)).toEqual([first.fileKey]);
    expect(objects.puts).toHaveLength(2);
  });

  it('writes nothing when every record is already in the lake', async () => {
    // Arrange
    const first = await writeCurated(partition, schema, [record('e1')], deps);
    objects.puts.length = 0;

    // Act
    const result = await writeCurated(partition, schema, [record('e1'), record('e1')], deps);

    // Assert: the file that holds them is named, so rollups can check it was counted
    expect(result).toEqual({ written: 0, duplicates: 2, records: [], heldBy: [first.fileKey] });
    expect(objects.puts).toEqual([]);
  });

  it('stores the records on the retry after a failed write, exactly once', async () => {
    // Arrange
    objects.failPut = () => true;
    await expect(writeCurated(partition, schema, [record('e1')], deps)).rejects.toThrow('put failed');
    objects.failPut = () => false;

    // Act
    const retry = await writeCurated(partition, schema, [record('e1')], deps);
    const again = await writeCurated(partition, schema, [record('e1')], deps);

    // Assert
    expect(retry.written).toBe(1);
    expect(again).toEqual({ written: 0, duplicates: 1, records: [], heldBy: [retry.fileKey] });
    expect(retry.records.map((r) => r.eventId)).toEqual(['e1']);
    expect(objects.keys(BUCKET)).toEqual([retry.fileKey]);
  });
});
