import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { curatedEventIdIndex } from '../../../../shared/domain/lake/event-id-index';
import { batchFileTags } from '../../../../shared/domain/lake/lake-layout';
import {
  type EnvelopeRecord,
  type StreamItem,
  type WriteBatchDeps,
  writeBatch,
} from '../../../../shared/domain/lake/write-batch';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';

const RAW = 'raw-bucket';
const CURATED = 'curated-bucket';
const QUARANTINE = 'quarantine-bucket';

const schema: DatasetSchema = {
  dataset: 'orders',
  version: 1,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'n', type: 'integer', required: true },
  ],
};

function envelope(id: string, receivedAt = '2026-03-04T05:06:07.000Z', tenantId = TENANT_A): EnvelopeRecord {
  return { tenantId, dataset: 'orders', eventId: id, receivedAt, schemaVersion: 1, data: { n: 1 } };
}

/** A stand-in for the envelope codec: a JSON array of records; anything else is corrupt. */
function item(sequenceNumber: string, records: readonly EnvelopeRecord[] | string): StreamItem {
  const text = typeof records === 'string' ? records : JSON.stringify(records);
  return { sequenceNumber, data: new TextEncoder().encode(text) };
}
const unpack = (data: Uint8Array): readonly EnvelopeRecord[] => {
  const parsed: unknown = JSON.parse(new TextDecoder().decode(data));
  if (!Array.isArray(parsed)) throw new Error('envelope is not a record list');
  return parsed as EnvelopeRecord[];
};

describe('writeBatch', () => {
  let objects: InMemoryObjectStore;
  let logs: { message: string; details: Record<string, unknown> }[];
  let deps: WriteBatchDeps;
  /** Curated data files (the manifests and partition markers beside them left out). */
  const dataFiles = () => objects.keys(CURATED).filter((k) => k.endsWith('.parquet'));

  beforeEach(() => {
    objects = new InMemoryObjectStore();
    logs = [];
    deps = {
      eventIndex: curatedEventIdIndex(objects, CURATED),
      objects,
      unpack,
      schemaOf: async (_tenant, dataset, version) => (dataset === 'orders' && version === 1 ? schema : null),
      rawBucket: RAW,
      curatedBucket: CURATED,
      quarantineBucket: QUARANTINE,
      log: (message, details) => logs.push({ message, details }),
    };
  });

  it('writes one raw and one curated file per partition', async () => {
    // Arrange
    const items = [
      item('1', [envelope('e1'), envelope('e2', '2026-03-04T06:00:00.000Z')]),
      item('2', [envelope('e3'), envelope('e4', '2026-03-04T05:59:59.000Z', TENANT_B)]),
    ];

    // Act
    const result = await writeBatch(items, deps);

    // Assert
    expect(result).toEqual({ failedSequenceNumbers: [], written: 4, duplicates: 0, quarantined: 0 });
    expect(dataFiles().map((k) => k.replace(/[^/]+\.parquet$/, ''))).toEqual(
      [
        `curated/tenant=${TENANT_A}/dataset=orders/dt=2026-03-04/hour=05/`,
        `curated/tenant=${TENANT_A}/dataset=orders/dt=2026-03-04/hour=06/`,
        `curated/tenant=${TENANT_B}/dataset=orders/dt=2026-03-04/hour=05/`,
      ].sort(),
    );
    expect(objects.keys(RAW)).toHaveLength(3);
  });

  it('tags its raw and curated batch files, and nothing else, so their deleted versions go after a day', async () => {
    await writeBatch([item('1', [envelope('e1')])], deps);

    const tagsOf = (bucket: string) =>
      objects
        .keys(bucket)
        .map((key) => [key.split('/').at(-1), objects.objects.get(`${bucket}/${key}`)?.tags]);
    expect(tagsOf(RAW)).toEqual([[expect.stringMatching(/\.ndjson\.gz$/), batchFileTags]]);
    const curated = tagsOf(CURATED);
    expect(curated.filter(([name]) => String(name).endsWith('.parquet'))).toEqual([
      [expect.any(String), batchFileTags],
    ]);
    // The manifest and the partition marker are not batch files.
    expect(curated.filter(([name]) => !String(name).endsWith('.parquet')).map(([, tags]) => tags)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('stores raw records as gzipped NDJSON under a name derived from the source sequence numbers', async () => {
    // Arrange
    const items = [item('10', [envelope('e1')]), item('11', [envelope('e2')])];

    // Act
    await writeBatch(items, deps);
    const firstKeys = objects.keys(RAW);
    await writeBatch(items, deps);

    // Assert
    expect(firstKeys).toHaveLength(1);
    expect(firstKeys[0]).toMatch(
      new RegExp(
        `^raw/tenant=${TENANT_A}/dataset=orders/dt=2026-03-04/hour=05/[A-Za-z0-9_-]{24}-v1\\.ndjson\\.gz$`,
      ),
    );
    expect(objects.keys(RAW)).toEqual(firstKeys);
    const raw = objects.objects.get(`${RAW}/${firstKeys[0]}`);
    expect(raw?.contentType).toBe('application/x-ndjson');
    const lines = gunzipSync(raw?.body ?? new Uint8Array())
      .toString('utf8')
      .split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([envelope('e1'), envelope('e2')]);
  });

  it('drops duplicates of a retried batch without a second curated file', async () => {
    // Arrange
    const items = [item('1', [envelope('e1'), envelope('e1')]), item('2', [envelope('e2')])];
    await writeBatch(items, deps);

    // Act
    const retry = await writeBatch(items, deps);

    // Assert
    expect(retry).toEqual({ failedSequenceNumbers: [], written: 0, duplicates: 3, quarantined: 0 });
    expect(dataFiles()).toHaveLength(1);
  });

  it('quarantines a corrupt envelope with its reason and does not report it as failed', async () => {
    // Arrange
    const items = [item('1', [envelope('e1')]), item('2', 'not json at all'), item('3', '{"a":1}')];

    // Act
    const result = await writeBatch(items, deps);

    // Assert
    expect(result).toMatchObject({ failedSequenceNumbers: [], written: 1, quarantined: 2 });
    const keys = objects.keys(QUARANTINE);
    expect(keys).toHaveLength(4);
    const base = keys.find((k) => k.endsWith('/3.bin'))?.replace(/\.bin$/, '');
    expect(base).toMatch(/^quarantine\/dt=\d{4}-\d{2}-\d{2}\/3$/);
    expect(objects.text(QUARANTINE, `${base}.bin`)).toBe('{"a":1}');
    expect(JSON.parse(objects.text(QUARANTINE, `${base}.reason.json`) ?? '')).toEqual({
      reason: 'envelope is not a record list',
    });
    expect(logs.filter((l) => l.message === 'envelope quarantined')).toHaveLength(2);
  });

  it('reports a corrupt envelope as failed when it cannot be quarantined', async () => {
    // Arrange
    objects.failPut = (bucket) => bucket === QUARANTINE;

    // Act
    const result = await writeBatch([item('1', [envelope('e1')]), item('2', 'corrupt')], deps);

    // Assert
    expect(result).toMatchObject({ failedSequenceNumbers: ['2'], written: 1, quarantined: 0 });
  });

  it('reports exactly the source sequence numbers of a group whose write fails', async () => {
    // Arrange
    const items = [
      item('1', [envelope('e1')]),
      item('2', [envelope('e2', '2026-03-04T06:10:00.000Z')]),
      item('3', [envelope('e3'), envelope('e4', '2026-03-04T06:20:00.000Z')]),
      item('4', [envelope('e5')]),
    ];
    objects.failPut = (bucket, key) => bucket === CURATED && key.includes('/hour=06/');

    // Act
    const result = await writeBatch(items, deps);

    // Assert
    expect([...result.failedSequenceNumbers].sort()).toEqual(['2', '3']);
    expect(result.written).toBe(3);
    expect(logs).toContainEqual({
      message: 'partition write failed',
      details: {
        partition: `${TENANT_A}|orders|2026-03-04|06`,
        error: expect.stringContaining('put failed'),
      },
    });
  });

  it('fails the group of a schema version the catalog does not know', async () => {
    // Arrange
    const unknown = { ...envelope('e2'), schemaVersion: 9 };

    // Act
    const result = await writeBatch([item('1', [envelope('e1')]), item('2', [unknown])], deps);

    // Assert
    expect(result).toMatchObject({ failedSequenceNumbers: ['2'], written: 1 });
  });
});
