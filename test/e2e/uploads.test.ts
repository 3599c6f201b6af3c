/**
 * File uploads end to end on the local platform: a presigned PUT (the real URL, to s3rver),
 * the S3 event, the file-ingest function, Kinesis, the lake writer and a query. The lake must
 * hold exactly the accepted records, once each, also after the same file is uploaded again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { bucketNames } from '../../infra/local/resources';
import { definedProps } from '../../shared/domain/defined-props';
import type { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import {
  type BodyFormat,
  contentTypes,
  encodeEvents,
  type SampleEvent,
  sampleEvent,
} from '../support/event-bodies';

let platform: LocalPlatform;
let api: ApiClient;
let e2e: E2ePlatform | undefined;

beforeAll(async () => {
  e2e = await startE2ePlatform('uploads');
  ({ platform, api } = e2e);
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

interface CreatedUpload {
  uploadId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
  key: string;
}

interface UploadResult {
  status: string;
  records?: number;
  accepted?: number;
  rejected?: number;
  processedAt?: string;
  errors?: { index: number; path: string; code: string }[];
  failure?: { code: string };
}

const isInvalid = (seq: number) => seq % 50 === 7 || seq % 77 === 5;

/** `count` events from `first`: every 50th lacks its name, every 77th has a bad timestamp; half carry no eventId. */
function eventsFrom(first: number, count: number): SampleEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = first + i;
    const event = sampleEvent(seq, seq % 2 === 0);
    if (seq % 50 === 7) return { ...event, name: undefined };
    if (seq % 77 === 5) return { ...event, timestamp: 'yesterday-ish' };
    return event;
  });
}

function validCount(first: number, count: number): number {
  let n = 0;
  for (let seq = first; seq < first + count; seq++) if (!isInvalid(seq)) n++;
  return n;
}

async function createUpload(format: BodyFormat, body: Uint8Array, gzip = false): Promise<CreatedUpload> {
  const response = await api.postJson<CreatedUpload>('/v1/uploads', {
    contentType: contentTypes[format],
    sizeBytes: body.byteLength,
    ...definedProps({ contentEncoding: gzip ? 'gzip' : undefined }),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function put(upload: CreatedUpload, body: Uint8Array, headers = upload.headers): Promise<Response> {
  return fetch(upload.url, { method: upload.method, headers, body });
}

async function resultOf(uploadId: string, after?: string): Promise<UploadResult> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await api.request<UploadResult>('GET', `/v1/uploads/${uploadId}`);
    expect(response.status).toBe(200);
    const done = response.body.status !== 'pending' && response.body.processedAt !== after;
    if (done) return response.body;
    if (Date.now() > deadline) throw new Error(`upload ${uploadId} still ${response.body.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function countStored(): Promise<{ rows: number; distinct: number }> {
  const result = await api.query('SELECT count(*) AS n, count(DISTINCT eventId) AS d FROM events');
  expect(result.status, result.error?.message).toBe('SUCCEEDED');
  const [row] = result.rows;
  return { rows: Number(row?.[0]), distinct: Number(row?.[1]) };
}

async function waitForStored(expected: number): Promise<{ rows: number; distinct: number }> {
  const deadline = Date.now() + 120_000;
  let stored = await countStored();
  while (stored.rows < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    stored = await countStored();
  }
  return stored;
}

/** Records the lake writer has consumed: the raw zone keeps every record as received, repeats included. */
async function countRaw(): Promise<number> {
  const dir = join(platform.standIns.lakeDir, bucketNames.raw);
  const files = (await readdir(dir, { recursive: true }))
    // Objects still being written sit under s3rver's hidden partial prefix until renamed.
    .filter((f) => f.endsWith('._S3rver_object') && !f.includes('.nexus-partial'));
  let records = 0;
  for (const file of files) {
    const text = gunzipSync(await readFile(join(dir, file))).toString('utf8');
    records += text.split('\n').filter((line) => line.trim() !== '').length;
  }
  return records;
}

async function waitForRaw(expected: number): Promise<number> {
  const deadline = Date.now() + 120_000;
  let raw = await countRaw();
  while (raw < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    raw = await countRaw();
  }
  return raw;
}

describe('file uploads, end to end', () => {
  it('refuses bad requests and unknown datasets in the error shape', async () => {
    const bad = await api.postJson<{ error: { code: string; details: { path: string }[] } }>('/v1/uploads', {
      contentType: 'image/png',
      sizeBytes: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.path).sort()).toEqual(['contentType', 'sizeBytes']);

    const unknown = await api.postJson<{ error: { code: string } }>('/v1/uploads', {
      dataset: 'nope',
      contentType: 'text/csv',
      sizeBytes: 10,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DATASET_NOT_FOUND');

    const missing = await api.request('GET', '/v1/uploads/3f7c1c5e-2b7e-4a53-9d55-6a9d0b0f1e2a');
    expect(missing.status).toBe(404);
  });

  it('refuses a PUT whose Content-Type or size differs from what was signed', async () => {
    const body = new TextEncoder().encode(encodeEvents(eventsFrom(0, 3), 'csv'));
    const upload = await createUpload('csv', body);
    const otherType = await put(upload, body, { ...upload.headers, 'Content-Type': 'application/json' });
    expect(otherType.status).toBe(403);
    const bigger = new Uint8Array(body.byteLength + 10).fill(0x41);
    bigger.set(body);
    const { 'Content-Length': _signed, ...withoutLength } = upload.headers;
    const otherSize = await put(upload, bigger, withoutLength);
    expect(otherSize.status).toBe(403);
  });

  it('ingests CSV and gzipped NDJSON files into the lake exactly once, also when uploaded twice', async () => {
    const csv = new TextEncoder().encode(encodeEvents(eventsFrom(100_000, 5_000), 'csv'));
    const ndjson = gzipSync(encodeEvents(eventsFrom(200_000, 5_000), 'ndjson'));
    const csvUpload = await createUpload('csv', csv);
    const ndjsonUpload = await createUpload('ndjson', ndjson, true);
    expect(csvUpload.key).toContain(`tenant=${platform.tenantId}/dataset=events/${csvUpload.uploadId}`);
    expect(ndjsonUpload.key).toMatch(/\.ndjson\.gz$/);
    expect((await api.request('GET', `/v1/uploads/${csvUpload.uploadId}`)).body).toMatchObject({
      status: 'pending',
    });

    expect((await put(csvUpload, csv)).status).toBe(200);
    expect((await put(ndjsonUpload, ndjson)).status).toBe(200);
    const csvResult = await resultOf(csvUpload.uploadId);
    const ndjsonResult = await resultOf(ndjsonUpload.uploadId);

    const expectedCsv = validCount(100_000, 5_000);
    const expectedNdjson = validCount(200_000, 5_000);
    expect(csvResult).toMatchObject({ status: 'processed', records: 5_000, accepted: expectedCsv });
    expect(csvResult.rejected).toBe(5_000 - expectedCsv);
    expect(ndjsonResult).toMatchObject({ status: 'processed', records: 5_000, accepted: expectedNdjson });
    // Errors name the record's index in the file, not in a chunk.
    const firstInvalid = Array.from({ length: 5_000 }, (_, i) => i).find((i) => isInvalid(100_000 + i));
    expect(csvResult.errors?.[0]?.index).toBe(firstInvalid);
    expect(csvResult.errors?.[0]?.path.startsWith(`[${firstInvalid}]`)).toBe(true);
    const lastErrors = csvResult.errors?.filter((e) => e.index >= 1_000) ?? [];
    expect(lastErrors.length).toBeGreaterThan(0);
    for (const error of lastErrors) expect(isInvalid(100_000 + error.index)).toBe(true);

    const total = expectedCsv + expectedNdjson;
    expect(await waitForStored(total)).toEqual({ rows: total, distinct: total });

    // The same file again (a client retry): processed again, nothing new in the lake.
    expect((await put(csvUpload, csv)).status).toBe(200);
    const again = await resultOf(csvUpload.uploadId, csvResult.processedAt);
    expect(again).toMatchObject({ status: 'processed', accepted: expectedCsv });
    // Once the lake writer has consumed the re-published records, the curated zone is unchanged.
    expect(await waitForRaw(total + expectedCsv)).toBe(total + expectedCsv);
    expect(await countStored()).toEqual({ rows: total, distinct: total });
  }, 300_000);

  it('reports a file that cannot be parsed as failed, with the reason', async () => {
    const body = new TextEncoder().encode('{"name": "broken"');
    const upload = await createUpload('json', body);
    expect((await put(upload, body)).status).toBe(200);
    const result = await resultOf(upload.uploadId);
    expect(result).toMatchObject({ status: 'failed', accepted: 0, failure: { code: 'MALFORMED_BODY' } });
  }, 60_000);
});
