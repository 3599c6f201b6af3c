import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  packRecords,
  unpackEnvelope,
} from '../../../../shared/domain/ingestion/stream-envelope';
import type { ValidRecord } from '../../../../shared/domain/ingestion/types';
import { TENANT_A, TENANT_B } from '../../../support/events';

function record(n: number, overrides: Partial<ValidRecord> = {}): ValidRecord {
  return {
    eventId: `e-${n}`,
    tenantId: TENANT_A,
    dataset: 'events',
    schemaVersion: 1,
    receivedAt: '2026-03-04T05:06:07.000Z',
    data: { name: `event ${n}`, n, properties: { plan: 'pro' } },
    ...overrides,
  };
}

/** The uncompressed NDJSON text inside an envelope, read without the module under test. */
function payloadText(data: Uint8Array): string {
  return gunzipSync(data.subarray(1)).toString('utf8');
}

/** A hand-made envelope: version byte then gzip of `text`. */
function envelopeOf(text: string, version = 0x01): Uint8Array {
  const gz = gzipSync(text);
  const out = new Uint8Array(gz.byteLength + 1);
  out[0] = version;
  out.set(gz, 1);
  return out;
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('packRecords', () => {
  it('packs many records into one Kinesis record keyed by the tenant', () => {
    // Arrange
    const records = Array.from({ length: 100 }, (_, n) => record(n));

    // Act
    const envelopes = packRecords(records);

    // Assert
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]?.partitionKey).toBe(TENANT_A);
    expect(envelopes[0]?.eventIds).toEqual(records.map((r) => r.eventId));
  });

  it('writes a version byte then gzip NDJSON, one record per line', () => {
    // Arrange
    const records = [record(1), record(2)];

    // Act
    const [envelope] = packRecords(records);

    // Assert
    expect(envelope?.data[0]).toBe(0x01);
    const lines = payloadText(envelope?.data ?? new Uint8Array()).split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(records);
  });

  it('never mixes tenants or datasets in one envelope; the partition key is the tenant', () => {
    // Arrange
    const records = [
      record(1),
      record(2, { tenantId: TENANT_B }),
      record(3, { dataset: 'orders' }),
      record(4),
      record(5, { tenantId: TENANT_B }),
    ];

    // Act
    const envelopes = packRecords(records);

    // Assert
    const contents = envelopes.map((e) => ({ key: e.partitionKey, records: unpackEnvelope(e.data) }));
    expect(contents).toHaveLength(3);
    for (const { key, records: inside } of contents) {
      expect(new Set(inside.map((r) => r.tenantId))).toEqual(new Set([key]));
      expect(new Set(inside.map((r) => r.dataset)).size).toBe(1);
    }
    expect(contents.flatMap((c) => c.records.map((r) => r.eventId)).sort()).toEqual(
      records.map((r) => r.eventId).sort(),
    );
    expect(contents.find((c) => c.key === TENANT_B)?.records.map((r) => r.eventId)).toEqual(['e-2', 'e-5']);
  });

  it('splits a group so that no envelope holds more than the budget, keeping order and every record', () => {
    // Arrange
    const records = Array.from({ length: 60 }, (_, n) => record(n));
    const lineLength = JSON.stringify(records[0]).length;
    const maxEnvelopeBytes = lineLength * 7;

    // Act
    const envelopes = packRecords(records, { maxEnvelopeBytes });

    // Assert
    expect(envelopes.length).toBeGreaterThan(1);
    for (const envelope of envelopes) {
      expect(Buffer.byteLength(payloadText(envelope.data))).toBeLessThanOrEqual(maxEnvelopeBytes);
      expect(envelope.eventIds.length).toBeGreaterThan(0);
      expect(envelope.partitionKey).toBe(TENANT_A);
    }
    expect(envelopes.flatMap((e) => unpackEnvelope(e.data))).toEqual(records);
    expect(envelopes.flatMap((e) => e.eventIds)).toEqual(records.map((r) => r.eventId));
  });

  it('fills envelopes up to the budget rather than one record each', () => {
    // Arrange
    const records = Array.from({ length: 60 }, (_, n) => record(n + 100));
    const lineLength = JSON.stringify(records[0]).length;

    // Act: room for 5 lines and their 4 newlines.
    const envelopes = packRecords(records, { maxEnvelopeBytes: lineLength * 5 + 4 });

    // Assert
    expect(envelopes.map((e) => e.eventIds.length)).toEqual(Array(12).fill(5));
  });

  it.each([
    ['2-byte', 'é'],
    ['3-byte', '数'],
    ['4-byte', '😀'],
  ])('counts the budget in UTF-8 bytes, not characters, for %s characters', (_what, char) => {
    // Arrange
    const records = Array.from({ length: 10 }, (_, n) => record(n, { data: { s: char.repeat(100) } }));
    const maxEnvelopeBytes = 1000;

    // Act
    const envelopes = packRecords(records, { maxEnvelopeBytes });

    // Assert
    for (const envelope of envelopes) {
      expect(Buffer.byteLength(payloadText(envelope.data))).toBeLessThanOrEqual(maxEnvelopeBytes);
    }
    expect(envelopes.flatMap((e) => e.eventIds)).toEqual(records.map((r) => r.eventId));
  });

  it('fills envelopes up to a budget in bytes with multi-byte text', () => {
    // Arrange
    const records = Array.from({ length: 12 }, (_, n) => record(n + 10, { data: { s: '数'.repeat(100) } }));
    const lineBytes = Buffer.byteLength(JSON.stringify(records[0]));

    // Act: room for 3 lines and their 2 newlines.
    const envelopes = packRecords(records, { maxEnvelopeBytes: lineBytes * 3 + 2 });

    // Assert
    expect(envelopes.map((e) => e.eventIds.length)).toEqual([3, 3, 3, 3]);
  });

  it('puts a record larger than the budget alone in its own envelope rather than dropping it', () => {
    // Arrange
    const big = record(2, { data: { blob: 'x'.repeat(5000) } });
    const records = [record(1), big, record(3)];

    // Act
    const envelopes = packRecords(records, { maxEnvelopeBytes: 1000 });

    // Assert
    expect(envelopes.map((e) => e.eventIds)).toEqual([['e-1'], ['e-2'], ['e-3']]);
    expect(unpackEnvelope(envelopes[1]?.data ?? new Uint8Array())).toEqual([big]);
  });

  it('keeps a full request under Kinesis 1 MiB per record with the default budget', () => {
    // Arrange: 1,000 records of ~1 KiB, beyond one 512 KiB envelope.
    const records = Array.from({ length: 1000 }, (_, n) =>
      record(n, { data: { n, text: `${n}-${'abcdefghij'.repeat(100)}` } }),
    );

    // Act
    const envelopes = packRecords(records);

    // Assert
    expect(envelopes.length).toBeGreaterThan(1);
    for (const envelope of envelopes) {
      expect(Buffer.byteLength(payloadText(envelope.data))).toBeLessThanOrEqual(512 * 1024);
      expect(envelope.data.byteLength).toBeLessThan(1024 * 1024);
    }
    expect(envelopes.flatMap((e) => e.eventIds)).toHaveLength(1000);
  });

  it('returns no envelope for no record', () => {
    expect(packRecords([])).toEqual([]);
  });
});

describe('unpackEnvelope', () => {
  it('round-trips records with nested data, unicode and every field', () => {
    // Arrange
    const records = [
      record(1, { data: { name: 'zażółć 😀', nested: { a: [1, { b: null }] }, flag: true } }),
      record(2, { schemaVersion: 7, receivedAt: '2026-12-31T23:59:59.999Z' }),
    ];

    // Act
    const [envelope] = packRecords(records);
    const unpacked = unpackEnvelope(envelope?.data ?? new Uint8Array());

    // Assert
    expect(unpacked).toEqual(records);
  });

  it.each([
    ['an empty payload', new Uint8Array()],
    ['an unknown format version', envelopeOf(JSON.stringify(record(1)), 0x02)],
    ['a payload that is not gzip', new Uint8Array([0x01, 1, 2, 3, 4])],
    ['plain JSON from another producer', new TextEncoder().encode(JSON.stringify(record(1)))],
    ['a line that is not JSON', envelopeOf(`${JSON.stringify(record(1))}\n{oops`)],
    ['a blank line', envelopeOf(`${JSON.stringify(record(1))}\n`)],
  ])('refuses %s with EnvelopeError', (_what, data) => {
    // Act
    const error = thrownBy(() => unpackEnvelope(data));

    // Assert
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    ['no eventId', { ...record(1), eventId: undefined }],
    ['a numeric tenantId', { ...record(1), tenantId: 42 }],
    ['no dataset', { ...record(1), dataset: undefined }],
    ['no receivedAt', { ...record(1), receivedAt: undefined }],
    ['a fractional schemaVersion', { ...record(1), schemaVersion: 1.5 }],
    ['null data', { ...record(1), data: null }],
    ['string data', { ...record(1), data: 'x' }],
    ['a non-object line', 'just a string'],
  ])('refuses a line with %s, naming the line', (_what, line) => {
    // Arrange
    const data = envelopeOf(`${JSON.stringify(record(0))}\n${JSON.stringify(line)}`);

    // Act
    const error = thrownBy(() => unpackEnvelope(data));

    // Assert
    expect(error).toBeInstanceOf(EnvelopeError);
    expect((error as Error).message).toContain('line 1');
  });

  it('refuses an envelope inflating beyond 16 MiB', () => {
    // Arrange
    const data = envelopeOf(' '.repeat(16 * 1024 * 1024 + 1));

    // Act
    const error = thrownBy(() => unpackEnvelope(data));

    // Assert
    expect(error).toBeInstanceOf(EnvelopeError);
  });
});
