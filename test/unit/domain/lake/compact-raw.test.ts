import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { compactDue } from '../../../../shared/domain/lake/compact-due';
import { compactRaw, isMergedRawFile } from '../../../../shared/domain/lake/compact-raw';
import { curatedEventIdIndex } from '../../../../shared/domain/lake/event-id-index';
import { partitionOf, rawObjectKey } from '../../../../shared/domain/lake/lake-layout';
import { writeCurated } from '../../../../shared/domain/lake/write-curated';
import { TENANT_A } from '../../../support/events';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';

const BUCKET = 'raw-bucket';
const partition = partitionOf(TENANT_A, 'orders', '2026-03-04T05:36:07.000Z');
const nextHour = partitionOf(TENANT_A, 'orders', '2026-03-04T06:01:00.000Z');

/** A batch file as the lake writer writes it: the group's records as gzipped NDJSON. */
const batchFile = (ids: readonly string[]) =>
  gzipSync(ids.map((eventId) => JSON.stringify({ eventId, schemaVersion: 1 })).join('\n'));
const idsIn = (body: Uint8Array) =>
  gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { eventId: string }).eventId);

describe('compactRaw', () => {
  let objects: InMemoryObjectStore;
  const deps = () => ({ objects, cleanup: objects, rawBucket: BUCKET });
  const files = () => objects.keys(BUCKET).filter((k) => k.includes('/hour=05/'));
  const allIds = async () =>
    (await Promise.all(files().map(async (k) => idsIn((await objects.get(BUCKET, k)) ?? new Uint8Array()))))
      .flat()
      .sort();

  beforeEach(async () => {
    objects = new InMemoryObjectStore();
    for (let b = 0; b < 5; b++)
      await objects.put(
        BUCKET,
        rawObjectKey(partition, `batch${b}-v1`),
        batchFile([`e${b}a`, `e${b}b`]),
        'application/x-ndjson',
      );
    await objects.put(BUCKET, rawObjectKey(nextHour, 'later-v1'), batchFile(['n1']), 'application/x-ndjson');
  });

  it("merges the hour's batch files into one gzip object holding every record, and deletes them", async () => {
    const before = await allIds();

    const result = await compactRaw(partition, deps());

    expect(result).toEqual({ filesBefore: 5, filesAfter: 1, deleted: 5 });
    expect(files()).toHaveLength(1);
    expect(isMergedRawFile(files()[0] ?? '')).toBe(true);
    // Untagged: a merged file keeps its deleted versions for the buckets' 30 days.
    expect(objects.objects.get(`${BUCKET}/${files()[0]}`)?.tags).toBeUndefined();
    expect(await allIds()).toEqual(before);
    expect(objects.keys(BUCKET).filter((k) => k.includes('/hour=06/'))).toHaveLength(1);
  });

  it('writes the merged object before deleting, and a rerun after a crash rewrites the same one', async () => {
    const remove = objects.remove.bind(objects);
    objects.remove = async () => {
      throw new Error('crashed before the deletes');
    };
    await expect(compactRaw(partition, deps())).rejects.toThrow('crashed');
    expect(files()).toHaveLength(6);
    const merged = files().filter(isMergedRawFile);
    objects.remove = remove;

    await compactRaw(partition, deps());

    expect(files()).toEqual(merged);
    expect(await allIds()).toEqual(['e0a', 'e0b', 'e1a', 'e1b', 'e2a', 'e2b', 'e3a', 'e3b', 'e4a', 'e4b']);
  });

  it('leaves a lone late file beside the merged one, and merges late files once there are two', async () => {
    await compactRaw(partition, deps());
    const first = files();
    await objects.put(BUCKET, rawObjectKey(partition, 'late1-v1'), batchFile(['l1']), 'application/x-ndjson');

    expect(await compactRaw(partition, deps())).toEqual({ filesBefore: 2, filesAfter: 2, deleted: 0 });

    await objects.put(BUCKET, rawObjectKey(partition, 'late2-v1'), batchFile(['l2']), 'application/x-ndjson');
    expect(await compactRaw(partition, deps())).toEqual({ filesBefore: 3, filesAfter: 2, deleted: 2 });
    expect(files().filter((k) => first.includes(k))).toEqual(first);
    expect(files().every(isMergedRawFile)).toBe(true);
    expect(await allIds()).toContain('l1');
    expect(await allIds()).toContain('l2');
  });

  it('fails without deleting anything when a listed file is gone before it is read', async () => {
    const get = objects.get.bind(objects);
    objects.get = async (bucket, key) => (key.includes('batch3') ? null : get(bucket, key));

    await expect(compactRaw(partition, deps())).rejects.toThrow('vanished');

    expect(files()).toHaveLength(5);
  });
});

describe('compactDue with a raw bucket', () => {
  it("merges the raw batch files of every settled partition-hour it compacts, besides the curated zone's", async () => {
    const objects = new InMemoryObjectStore();
    const curated = 'curated-bucket';
    const fields: DatasetSchema['fields'] = [{ name: 'eventId', type: 'string', required: false }];
    const schema: DatasetSchema = { dataset: 'orders', version: 1, fields };
    const writer = { objects, curatedBucket: curated, eventIndex: curatedEventIdIndex(objects, curated) };
    for (let b = 0; b < 3; b++) {
      const record = {
        eventId: `e${b}`,
        receivedAt: `2026-03-04T05:36:0${b}.000Z`,
        schemaVersion: 1,
        data: {},
      };
      await writeCurated(partition, schema, [record], writer);
      await objects.put(BUCKET, rawObjectKey(partition, `batch${b}-v1`), batchFile([`e${b}`]), 'x');
    }

    const totals = await compactDue({
      objects,
      cleanup: objects,
      curatedBucket: curated,
      rawBucket: BUCKET,
      now: () => new Date('2026-03-04T08:00:00.000Z'),
      settleMs: 0,
      lookbackHours: 3,
      retentionMs: 0,
      log: () => {},
    });

    expect(totals).toMatchObject({
      partitions: 1,
      filesBefore: 3,
      filesAfter: 1,
      rawFilesBefore: 3,
      rawFilesAfter: 1,
    });
    expect(objects.keys(BUCKET).filter(isMergedRawFile)).toHaveLength(1);
  });
});
