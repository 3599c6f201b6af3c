import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../../shared/domain/uploads/ingest-file';
import { uploadLimits } from '../../../../shared/domain/uploads/limits';
import { resultKey, uploadKey } from '../../../../shared/domain/uploads/upload-key';
import type { UploadResult } from '../../../../shared/domain/uploads/upload-result';
import { encodeEvents, type SampleEvent, sampleEvent } from '../../../support/event-bodies';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryDatasetCatalog } from '../../../support/twins/in-memory-dataset-catalog';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';
import { RecordingEventSink } from '../../../support/twins/recording-event-sink';

const BUCKET = 'uploads-bucket';
const UPLOAD = '6c0e5f1a-1c2b-4d3e-8f90-123456789abc';
const NOW = new Date('2026-11-27T10:00:00.000Z');

const invalid = (seq: number) => seq % 50 === 7;
function events(n: number): SampleEvent[] {
  return Array.from({ length: n }, (_, seq) => {
    const event = sampleEvent(seq, seq % 2 === 0);
    return invalid(seq) ? { ...event, name: undefined } : event;
  });
}

describe('ingestFile', () => {
  let objects: InMemoryObjectStore;
  let sink: RecordingEventSink;
  let catalog: InMemoryDatasetCatalog;
  const deps = () => ({
    objects,
    sink,
    findDataset: (t: string, n: string) => catalog.find(t, n),
    now: () => NOW,
    chargeEvents: async () => {},
  });

  beforeEach(() => {
    objects = new InMemoryObjectStore();
    sink = new RecordingEventSink();
    catalog = new InMemoryDatasetCatalog();
  });

  async function upload(body: string | Uint8Array, format: 'csv' | 'ndjson' | 'json' | 'xml', gzip = false) {
    const key = uploadKey({ tenantId: TENANT_A, dataset: 'events', uploadId: UPLOAD, format, gzip });
    await objects.put(BUCKET, key, body, 'application/octet-stream');
    return key;
  }

  const result = (tenant = TENANT_A): UploadResult =>
    JSON.parse(objects.text(BUCKET, resultKey(tenant, UPLOAD)) ?? 'null') as UploadResult;

  it('publishes the valid records of a large file in chunks and writes the summary', async () => {
    const key = await upload(encodeEvents(events(3_500), 'csv'), 'csv');

    const outcome = await ingestFile({ bucket: BUCKET, key }, deps());

    const expectedValid = Array.from({ length: 3_500 }, (_, i) => i).filter((i) => !invalid(i));
    expect(outcome.kind).toBe('ingested');
    expect(sink.published.length).toBeGreaterThanOrEqual(4);
    const records = sink.records();
    expect(records).toHaveLength(expectedValid.length);
    expect(new Set(records.map((r) => r.tenantId))).toEqual(new Set([TENANT_A]));
    expect(result()).toMatchObject({
      uploadId: UPLOAD,
      dataset: 'events',
      key,
      status: 'processed',
      records: 3_500,
      accepted: expectedValid.length,
      rejected: 3_500 - expectedValid.length,
      duplicates: 0,
      processedAt: NOW.toISOString(),
    });
    // Errors carry file indexes, also beyond the first chunk.
    const errorIndexes = result().errors?.map((e) => e.index) ?? [];
    expect(errorIndexes).toEqual(Array.from({ length: 3_500 }, (_, i) => i).filter(invalid));
    for (const error of result().errors ?? []) expect(error.path.startsWith(`[${error.index}]`)).toBe(true);
  });

  it('takes the tenant from the key, never from the content', async () => {
    const key = await upload(
      JSON.stringify([{ ...sampleEvent(1), tenantId: TENANT_B, properties: { tenantId: TENANT_B } }]),
      'json',
    );
    await ingestFile({ bucket: BUCKET, key }, deps());
    expect(sink.records().map((r) => r.tenantId)).toEqual([TENANT_A]);
    expect(objects.text(BUCKET, resultKey(TENANT_B, UPLOAD))).toBeUndefined();
  });

  it('gives the same event ids when the same file is processed again (the lake drops the repeats)', async () => {
    const key = await upload(gzipSync(encodeEvents(events(1_200), 'ndjson')), 'ndjson', true);
    await ingestFile({ bucket: BUCKET, key }, deps());
    const first = sink.records().map((r) => r.eventId);
    sink.published.length = 0;
    await ingestFile({ bucket: BUCKET, key }, deps());
    const second = sink.records().map((r) => r.eventId);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('counts a record repeated in another chunk once', async () => {
    const base = events(1_001).filter((_, i) => !invalid(i));
    const repeated = [...base, base[0] as SampleEvent];
    const key = await upload(encodeEvents(repeated, 'ndjson'), 'ndjson');
    await ingestFile({ bucket: BUCKET, key }, deps());
    expect(result()).toMatchObject({ accepted: base.length, duplicates: 1, rejected: 0 });
  });

  it('keeps only the first errors but counts them all', async () => {
    const bad = Array.from({ length: 1_500 }, (_, i) => ({
      ...sampleEvent(i),
      name: i < 1_400 ? undefined : 'ok',
    }));
    const key = await upload(encodeEvents(bad, 'json'), 'json');
    await ingestFile({ bucket: BUCKET, key }, deps());
    expect(result()).toMatchObject({ status: 'processed', accepted: 100, rejected: 1_400 });
    expect(result().errors).toHaveLength(uploadLimits.maxReportedErrors);
    expect(result().errors?.[0]?.index).toBe(0);
  });

  it.each([
    ['an unreadable file', '{"a":', 'json', 'MALFORMED_BODY'],
    ['a file with no valid record', '[{"name":"x"}]', 'json', 'NO_VALID_RECORDS'],
    ['an empty CSV', '', 'csv', 'MALFORMED_BODY'],
  ] as const)(
    'records %s as failed with the reason, publishing nothing',
    async (_what, body, format, code) => {
      const key = await upload(body, format);
      const outcome = await ingestFile({ bucket: BUCKET, key }, deps());
      expect(outcome.kind).toBe('ingested');
      expect(result()).toMatchObject({ status: 'failed', accepted: 0, failure: { code } });
      expect(sink.published).toEqual([]);
    },
  );

  it('records a file of a dataset that no longer exists as failed', async () => {
    const key = uploadKey({
      tenantId: TENANT_A,
      dataset: 'orders',
      uploadId: UPLOAD,
      format: 'csv',
      gzip: false,
    });
    await objects.put(BUCKET, key, 'a\n1\n', 'text/csv');
    await ingestFile({ bucket: BUCKET, key }, deps());
    expect(result()).toMatchObject({ status: 'failed', failure: { code: 'DATASET_NOT_FOUND' } });
  });

  it('records invalid gzip as failed', async () => {
    const key = await upload(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'csv', true);
    await ingestFile({ bucket: BUCKET, key }, deps());
    expect(result()).toMatchObject({ status: 'failed', failure: { code: 'MALFORMED_BODY' } });
  });

  it('throws when the stream fails, so the event is retried, and writes no final result', async () => {
    const key = await upload(encodeEvents(events(10), 'ndjson'), 'ndjson');
    sink.failWith = new Error('ProvisionedThroughputExceeded');
    await expect(ingestFile({ bucket: BUCKET, key }, deps())).rejects.toThrow(
      'ProvisionedThroughputExceeded',
    );
    expect(objects.text(BUCKET, resultKey(TENANT_A, UPLOAD))).toBeUndefined();
  });

  it('ignores keys the API never signs and objects already gone', async () => {
    await objects.put(BUCKET, 'uploads/evil.csv', 'a\n1\n', 'text/csv');
    expect(await ingestFile({ bucket: BUCKET, key: 'uploads/evil.csv' }, deps())).toMatchObject({
      kind: 'ignored',
    });
    const key = uploadKey({
      tenantId: TENANT_A,
      dataset: 'events',
      uploadId: UPLOAD,
      format: 'csv',
      gzip: false,
    });
    expect(await ingestFile({ bucket: BUCKET, key }, deps())).toMatchObject({ kind: 'ignored' });
    expect(sink.published).toEqual([]);
  });
});
