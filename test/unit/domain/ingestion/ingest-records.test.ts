import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FieldDef } from '../../../../shared/domain/catalog/dataset-schema';
import { SchemaCache } from '../../../../shared/domain/catalog/schema-cache';
import {
  DomainError,
  NotFoundError,
  ThrottledError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../shared/domain/errors';
import {
  type IngestDeps,
  type IngestRequest,
  ingestRecords,
} from '../../../../shared/domain/ingestion/ingest-records';
import { unpackEnvelope } from '../../../../shared/domain/ingestion/stream-envelope';
import type { ValidRecord } from '../../../../shared/domain/ingestion/types';
import { chargeDailyEvents } from '../../../../shared/domain/tenancy/rate-limits';
import type { EventSink, StreamEnvelope } from '../../../../shared/ports/event-sink';
import { errorResponse } from '../../../../shared/runtime/http-errors';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryDatasetCatalog } from '../../../support/twins/in-memory-dataset-catalog';
import { InMemoryRateLimitStore } from '../../../support/twins/in-memory-rate-limit-store';
import { InMemoryTenantDirectory } from '../../../support/twins/in-memory-tenant-directory';

/** An EventSink that keeps what it is given, or fails every publish with `failWith`. */
class RecordingEventSink implements EventSink {
  readonly published: StreamEnvelope[][] = [];
  failWith: Error | undefined;

  async publish(envelopes: readonly StreamEnvelope[]): Promise<void> {
    this.published.push([...envelopes]);
    if (this.failWith) throw this.failWith;
  }

  records(): ValidRecord[] {
    return this.published.flat().flatMap((e) => unpackEnvelope(e.data));
  }
}

const NOW = new Date('2026-03-04T05:06:07.089Z');
const ordersFields: FieldDef[] = [
  { name: 'eventId', type: 'string', required: false },
  { name: 'sku', type: 'string', required: true },
  { name: 'qty', type: 'integer', required: true },
  { name: 'gift', type: 'boolean', required: false },
];

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('ingestRecords', () => {
  let catalog: InMemoryDatasetCatalog;
  let sink: RecordingEventSink;
  let deps: IngestDeps;
  let tenants: InMemoryTenantDirectory;
  let counts: InMemoryRateLimitStore;

  beforeEach(async () => {
    catalog = new InMemoryDatasetCatalog();
    await catalog.register(TENANT_A, 'orders', ordersFields, undefined);
    sink = new RecordingEventSink();
    tenants = new InMemoryTenantDirectory();
    counts = new InMemoryRateLimitStore();
    const quota = { directory: tenants, store: counts, now: () => NOW };
    deps = {
      findDataset: (tenantId, name) => catalog.find(tenantId, name),
      sink,
      now: () => NOW,
      chargeEvents: (tenantId, count) => chargeDailyEvents(tenantId, count, quota),
    };
  });

  const orders = (body: unknown, more: Partial<IngestRequest> = {}): IngestRequest => ({
    tenantId: TENANT_A,
    dataset: 'orders',
    body: text(typeof body === 'string' ? body : JSON.stringify(body)),
    contentType: 'application/json',
    ...more,
  });

  it('accepts a new field at once when another container registered it (stale cache asked again)', async () => {
    // Arrange: this container cached version 1; the datasets function (elsewhere) adds `coupon`.
    const cache = new SchemaCache(catalog, 30_000, () => 0);
    const cached = { ...deps, findDataset: cache.find.bind(cache) };
    await ingestRecords(orders([{ sku: 'A-1', qty: 1 }]), cached);
    await catalog.register(
      TENANT_A,
      'orders',
      [...ordersFields, { name: 'coupon', type: 'string', required: false }],
      undefined,
    );

    // Act
    const result = await ingestRecords(orders([{ sku: 'A-2', qty: 2, coupon: 'XMAS' }]), cached);
    const old = await ingestRecords(orders([{ sku: 'A-3', qty: 3 }]), cached);

    // Assert
    expect([result.accepted, result.rejected]).toEqual([1, 0]);
    expect(sink.records().map((r) => r.schemaVersion)).toEqual([1, 2, 2]);
    expect(old.accepted).toBe(1);
  });

  it('still refuses a field no version has, after asking the catalog once more', async () => {
    let lookups = 0;
    const counting = {
      ...deps,
      findDataset: async (t: string, n: string) => {
        lookups++;
        return catalog.find(t, n);
      },
    };

    const attempt = ingestRecords(orders([{ sku: 'A-1', qty: 1, colour: 'red' }]), counting);

    await expect(attempt).rejects.toMatchObject({ code: 'NO_VALID_RECORDS' });
    expect(lookups).toBe(2);
  });

  it('publishes the valid records and accounts for the rejected ones', async () => {
    // Arrange
    const body = [
      { sku: 'A-1', qty: 1 },
      { sku: 'A-2', qty: 'two' },
      { sku: 'A-3', qty: 3, eventId: 'order-3' },
      { qty: 4, colour: 'red' },
    ];

    // Act
    const result = await ingestRecords(orders(body), deps);

    // Assert
    expect(result.accepted).toBe(2);
    expect(result.rejected).toBe(2);
    expect(result.duplicates).toBe(0);
    expect(result.eventIds).toHaveLength(2);
    expect(result.eventIds[1]).toBe('order-3');
    expect(result.errors.map((e) => [e.index, e.path, e.code])).toEqual([
      [1, '[1].qty', 'TYPE_MISMATCH'],
      [3, '[3].sku', 'REQUIRED'],
      [3, '[3].colour', 'UNKNOWN_FIELD'],
    ]);
    for (const error of result.errors) expect(error.message).toEqual(expect.any(String));
    expect(sink.published).toHaveLength(1);
    expect(sink.records().map((r) => r.eventId)).toEqual(result.eventIds);
  });

  it('stamps each record with the tenant, dataset, schema version and receive time', async () => {
    // Act
    await ingestRecords(orders({ sku: 'A-1', qty: 1 }), deps);

    // Assert
    const [stored] = sink.records();
    expect(stored).toMatchObject({
      tenantId: TENANT_A,
      dataset: 'orders',
      schemaVersion: 1,
      receivedAt: NOW.toISOString(),
      data: { sku: 'A-1', qty: 1 },
    });
  });

  it('takes the tenant from the request (the API key), never from the body', async () => {
    // Arrange
    const body = [
      { sku: 'A-1', qty: 1, tenantId: TENANT_B },
      { sku: 'A-2', qty: 2, tenant_id: TENANT_B },
    ];

    // Act
    const result = await ingestRecords(orders(body), deps);

    // Assert
    expect(result.accepted).toBe(2);
    expect(result.errors).toEqual([]);
    expect(sink.published.flat().map((e) => e.partitionKey)).toEqual([TENANT_A]);
    for (const stored of sink.records()) {
      expect(stored.tenantId).toBe(TENANT_A);
      expect(JSON.stringify(stored)).not.toContain(TENANT_B);
    }
  });

  it('throws NO_VALID_RECORDS (a 400) with every error, and publishes nothing, when no record is valid', async () => {
    // Arrange
    const body = [{ sku: 'A-1' }, { sku: 2, qty: 1 }, 'nope'];

    // Act
    const error = await rejectionOf(ingestRecords(orders(body), deps));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'NO_VALID_RECORDS',
      details: [
        { index: 0, path: '[0].qty', code: 'REQUIRED' },
        { index: 1, path: '[1].sku', code: 'TYPE_MISMATCH' },
        { index: 2, path: '[2]', code: 'NOT_AN_OBJECT' },
      ],
    });
    expect((error as Error).message).toContain('3');
    expect(errorResponse(error, 'req-1').statusCode).toBe(400);
    expect(sink.published).toEqual([]);
  });

  it('throws NO_VALID_RECORDS for an empty array', async () => {
    // Act
    const error = await rejectionOf(ingestRecords(orders([]), deps));

    // Assert
    expect(error).toMatchObject({ code: 'NO_VALID_RECORDS', details: [] });
    expect(sink.published).toEqual([]);
  });

  it('throws DATASET_NOT_FOUND for a dataset the tenant does not have, before reading the body', async () => {
    // Act
    const unknown = await rejectionOf(ingestRecords(orders('{ not even json', { dataset: 'refunds' }), deps));
    const othersDataset = await rejectionOf(
      ingestRecords(orders({ sku: 'A-1', qty: 1 }, { tenantId: TENANT_B }), deps),
    );

    // Assert
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toMatchObject({ code: 'DATASET_NOT_FOUND', details: [{ path: 'dataset' }] });
    expect(othersDataset).toBeInstanceOf(NotFoundError);
    expect(sink.published).toEqual([]);
  });

  it('merges NDJSON line errors with validation errors in record order and counts records once', async () => {
    // Arrange
    const body = [
      '{"sku":"A-0","qty":0}',
      '{"sku":5,"qty":1.5}',
      '{broken',
      '',
      '{"sku":"A-3","qty":3}',
    ].join('\n');

    // Act
    const result = await ingestRecords(orders(body, { contentType: 'application/x-ndjson' }), deps);

    // Assert
    expect(result.accepted).toBe(2);
    expect(result.rejected).toBe(2);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'TYPE_MISMATCH'],
      [1, 'TYPE_MISMATCH'],
      [2, 'INVALID_JSON'],
    ]);
    expect(sink.records().map((r) => r.data.sku)).toEqual(['A-0', 'A-3']);
  });

  it('coerces CSV text to the schema types', async () => {
    // Act
    const result = await ingestRecords(
      orders('sku,qty,gift\nA-1,2,true\nA-2,x,false\n', { contentType: 'text/csv' }),
      deps,
    );

    // Assert
    expect(result.accepted).toBe(1);
    expect(result.errors).toMatchObject([{ index: 1, path: '[1].qty', code: 'TYPE_MISMATCH' }]);
    expect(sink.records()[0]?.data).toEqual({ sku: 'A-1', qty: 2, gift: true });
  });

  it('reads a gzip body', async () => {
    // Act
    const result = await ingestRecords(
      {
        tenantId: TENANT_A,
        dataset: 'orders',
        body: gzipSync(JSON.stringify([{ sku: 'A-1', qty: 1 }])),
        contentType: 'application/json',
        contentEncoding: 'gzip',
      },
      deps,
    );

    // Assert
    expect(result.accepted).toBe(1);
  });

  it('ingests into the built-in events dataset of any tenant', async () => {
    // Act
    const result = await ingestRecords(
      {
        tenantId: TENANT_B,
        dataset: 'events',
        body: text(
          JSON.stringify({ name: 'signup', timestamp: '2026-03-04T05:06:07Z', properties: { plan: 'pro' } }),
        ),
      },
      deps,
    );

    // Assert
    expect(result.accepted).toBe(1);
    expect(sink.records()[0]).toMatchObject({ tenantId: TENANT_B, dataset: 'events' });
  });

  it('counts repeated eventIds in one request as duplicates, not as rejected', async () => {
    // Arrange
    const body = [
      { sku: 'A-1', qty: 1, eventId: 'e1' },
      { sku: 'A-1', qty: 1, eventId: 'e1' },
      { sku: 'A-9', qty: 9 },
      { sku: 'A-9', qty: 9 },
    ];

    // Act
    const result = await ingestRecords(orders(body), deps);

    // Assert
    expect(result).toMatchObject({ accepted: 2, rejected: 0, duplicates: 2, errors: [] });
    expect(sink.records()).toHaveLength(2);
  });

  it('gives a retried request the same derived eventIds, and another tenant other ones', async () => {
    // Arrange
    await catalog.register(TENANT_B, 'orders', ordersFields, undefined);
    const body = [
      { sku: 'A-1', qty: 1 },
      { sku: 'A-2', qty: 2 },
    ];

    // Act
    const first = await ingestRecords(orders(body), deps);
    const retry = await ingestRecords(orders(body), { ...deps, now: () => new Date(NOW.getTime() + 60_000) });
    const otherTenant = await ingestRecords(orders(body, { tenantId: TENANT_B }), deps);

    // Assert
    expect(retry.eventIds).toEqual(first.eventIds);
    expect(new Set(first.eventIds).size).toBe(2);
    for (const id of otherTenant.eventIds) expect(first.eventIds).not.toContain(id);
  });

  it('lets a malformed body error through, publishing nothing', async () => {
    // Act
    const error = await rejectionOf(ingestRecords(orders('[{"sku":'), deps));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
    expect(sink.published).toEqual([]);
  });

  it("refuses a CSV header reaching for Object.prototype, and another tenant's next valid record is accepted", async () => {
    // Arrange
    await catalog.register(TENANT_B, 'orders', ordersFields, undefined);
    const attack = orders('__proto__.polluted,sku,qty\nyes,A-1,1\n', {
      tenantId: TENANT_B,
      contentType: 'text/csv',
    });

    // Act
    const error = await rejectionOf(ingestRecords(attack, deps));
    const victim = await ingestRecords(orders({ sku: 'A-1', qty: 1 }), deps).finally(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    // Assert
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
    expect(victim).toMatchObject({ accepted: 1, rejected: 0, errors: [] });
    expect(sink.records()).toHaveLength(1);
  });

  it('lets an unsupported media type error through (a 415)', async () => {
    // Act
    const error = await rejectionOf(ingestRecords(orders('sku=A-1', { contentType: 'text/plain' }), deps));

    // Assert
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(errorResponse(error, 'req-1').statusCode).toBe(415);
  });

  it('refuses an unsupported Content-Encoding with a 415 naming the header, publishing nothing', async () => {
    // Act
    const error = await rejectionOf(
      ingestRecords(orders({ sku: 'A-1', qty: 1 }, { contentEncoding: 'zstd' }), deps),
    );

    // Assert
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    const response = errorResponse(error, 'req-1');
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'UNSUPPORTED_CONTENT_ENCODING', details: [{ path: 'content-encoding' }] },
    });
    expect(sink.published).toEqual([]);
  });

  it('reports a sink failure as the error the sink threw, after one publish (the adapter retries, not the use case)', async () => {
    // Arrange
    sink.failWith = new ThrottledError('STREAM_THROTTLED', 'the stream refused some records after retries');

    // Act
    const error = await rejectionOf(ingestRecords(orders([{ sku: 'A-1', qty: 1 }]), deps));

    // Assert
    expect(error).toBe(sink.failWith);
    expect(error).toBeInstanceOf(DomainError);
    expect(sink.published).toHaveLength(1);
  });

  it('lets an unexpected sink failure through as is (a 500, never a false 202)', async () => {
    // Arrange
    sink.failWith = new Error('connection reset');

    // Act
    const error = await rejectionOf(ingestRecords(orders([{ sku: 'A-1', qty: 1 }]), deps));

    // Assert
    expect(error).toBe(sink.failWith);
    expect(errorResponse(error, 'req-1').statusCode).toBe(500);
  });
  describe('daily event quota', () => {
    /** Gives TENANT_A a quota of `eventsPerDay`, as an operator's PUT /v1/tenants/{id}/limits does. */
    const quotaOf = (eventsPerDay: number) =>
      tenants.tenants.set(TENANT_A, {
        tenantId: TENANT_A,
        name: 'A',
        status: 'active',
        limits: { eventsPerDay },
        createdAt: NOW.toISOString(),
      });
    const records = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `S-${i}`, qty: i }));

    it('counts only the valid records, once per request, against the UTC day', async () => {
      quotaOf(5);

      const first = await ingestRecords(orders([...records(3), { qty: 'bad' }]), deps);

      expect(first.accepted).toBe(3);
      expect(counts.events.get(`${TENANT_A}#${NOW.toISOString().slice(0, 10)}`)).toBe(3);
    });

    it('refuses a request that would pass the quota with 429 QUOTA_EXCEEDED and Retry-After until midnight UTC, publishing nothing', async () => {
      quotaOf(5);
      await ingestRecords(orders(records(4)), deps);
      const published = sink.published.length;

      const refused = await ingestRecords(orders(records(2)), deps).catch((e: unknown) => e);
      const response = errorResponse(refused, 'req-1');

      expect(refused).toBeInstanceOf(ThrottledError);
      expect(response.statusCode).toBe(429);
      expect(JSON.parse(response.body).error.code).toBe('QUOTA_EXCEEDED');
      const midnight = Date.parse(`${NOW.toISOString().slice(0, 10)}T00:00:00Z`) + 86_400_000;
      expect(response.headers?.['retry-after']).toBe(String(Math.ceil((midnight - NOW.getTime()) / 1000)));
      expect(sink.published.length).toBe(published);
      // What still fits is accepted: the refused request counted nothing.
      expect((await ingestRecords(orders(records(1)), deps)).accepted).toBe(1);
    });

    it("does not count one tenant's events against another's quota", async () => {
      quotaOf(2);
      await catalog.register(TENANT_B, 'orders', ordersFields, undefined);

      const b = await ingestRecords({ ...orders(records(10)), tenantId: TENANT_B }, deps);
      const a = await ingestRecords(orders(records(2)), deps);

      expect([b.accepted, a.accepted]).toEqual([10, 2]);
    });
  });
});
