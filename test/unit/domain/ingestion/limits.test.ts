import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { PayloadTooLargeError } from '../../../../shared/domain/errors';
import { ingestLimits } from '../../../../shared/domain/ingestion/limits';
import { parseBody } from '../../../../shared/domain/ingestion/parse-body';
import { validateRecords } from '../../../../shared/domain/ingestion/validate-records';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytesOf = (s: string): number => new TextEncoder().encode(s).byteLength;

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** `[{"n":1}]` followed by spaces up to exactly `size` bytes (JSON allows trailing whitespace). */
const jsonBodyOfSize = (size: number): string => {
  const json = '[{"n":1}]';
  return json + ' '.repeat(size - json.length);
};

/** `{"s":"…"}` whose serialized size is exactly `size` bytes, made of `unit` repeated. */
const recordOfSize = (size: number, unit = 'x'): string => {
  const overhead = '{"s":""}'.length;
  const units = (size - overhead) / bytesOf(unit);
  if (!Number.isInteger(units)) throw new Error('size not reachable with this unit');
  return `{"s":"${unit.repeat(units)}"}`;
};

describe('ingestLimits', () => {
  it('holds the limits the README documents', () => {
    // Assert: 1 MiB decompressed body, 1,000 records per request, 32 KiB per record.
    expect(ingestLimits.maxBodyBytes).toBe(1024 * 1024);
    expect(ingestLimits.maxRecordsPerRequest).toBe(1000);
    expect(ingestLimits.maxRecordBytes).toBe(32 * 1024);
  });
});

describe('bytes per request', () => {
  it('accepts a body of exactly maxBodyBytes', () => {
    // Arrange
    const body = text(jsonBodyOfSize(ingestLimits.maxBodyBytes));

    // Act
    const parsed = parseBody({ body, contentType: 'application/json' });

    // Assert
    expect(body.byteLength).toBe(ingestLimits.maxBodyBytes);
    expect(parsed.records).toHaveLength(1);
  });

  it('refuses a body one byte over with PAYLOAD_TOO_LARGE', () => {
    // Arrange
    const body = text(jsonBodyOfSize(ingestLimits.maxBodyBytes + 1));

    // Act
    const error = thrownBy(() => parseBody({ body, contentType: 'application/json' }));

    // Assert
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('counts the decompressed size of a gzip body (a small zip bomb stops at the limit)', () => {
    // Arrange: ~10 MiB of spaces compress to ~10 KiB.
    const bomb = gzipSync(jsonBodyOfSize(10 * ingestLimits.maxBodyBytes));
    expect(bomb.byteLength).toBeLessThan(ingestLimits.maxBodyBytes / 10);

    // Act
    const error = thrownBy(() =>
      parseBody({ body: bomb, contentType: 'application/json', contentEncoding: 'gzip' }),
    );

    // Assert
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it.each([
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)(
    'counts the decompressed size of a %s body (a small bomb stops at the limit)',
    (contentEncoding, compress) => {
      // Arrange
      const bomb = compress(jsonBodyOfSize(10 * ingestLimits.maxBodyBytes));
      expect(bomb.byteLength).toBeLessThan(ingestLimits.maxBodyBytes / 10);

      // Act
      const error = thrownBy(() =>
        parseBody({ body: bomb, contentType: 'application/json', contentEncoding }),
      );

      // Assert
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    },
  );

  it.each([
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('accepts a %s body inflating to exactly maxBodyBytes', (contentEncoding, compress) => {
    // Arrange
    const body = compress(jsonBodyOfSize(ingestLimits.maxBodyBytes));

    // Act
    const parsed = parseBody({ body, contentType: 'application/json', contentEncoding });

    // Assert
    expect(parsed.records).toHaveLength(1);
  });

  it('refuses a gzip body inflating to one byte over the limit, sent without Content-Encoding', () => {
    // Arrange
    const body = gzipSync(jsonBodyOfSize(ingestLimits.maxBodyBytes + 1));

    // Act
    const error = thrownBy(() => parseBody({ body, contentType: 'application/json' }));

    // Assert
    expect(error).toBeInstanceOf(PayloadTooLargeError);
  });

  it('accepts a gzip body inflating to exactly maxBodyBytes', () => {
    // Arrange
    const body = gzipSync(jsonBodyOfSize(ingestLimits.maxBodyBytes));

    // Act
    const parsed = parseBody({ body, contentType: 'application/json', contentEncoding: 'gzip' });

    // Assert
    expect(parsed.records).toHaveLength(1);
  });
});

describe('records per request', () => {
  const many = (count: number): string => JSON.stringify(Array.from({ length: count }, (_, n) => ({ n })));

  it('accepts exactly maxRecordsPerRequest records', () => {
    // Act
    const parsed = parseBody({ body: text(many(ingestLimits.maxRecordsPerRequest)) });

    // Assert
    expect(parsed.records).toHaveLength(ingestLimits.maxRecordsPerRequest);
  });

  it('refuses one record more with TOO_MANY_RECORDS (413, not a per-record error)', () => {
    // Act
    const error = thrownBy(() => parseBody({ body: text(many(ingestLimits.maxRecordsPerRequest + 1)) }));

    // Assert
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ code: 'TOO_MANY_RECORDS' });
  });

  it('counts unreadable NDJSON lines as records but not blank lines', () => {
    // Arrange: max-1 good lines + 1 bad line = max records; blank lines in between add none.
    const lines = Array.from({ length: ingestLimits.maxRecordsPerRequest - 1 }, (_, n) => `{"n":${n}}\n\n`);
    const atLimit = `${lines.join('')}{bad\n`;
    const overLimit = `${atLimit}{"n":-1}\n`;

    // Act
    const parsed = parseBody({ body: text(atLimit), contentType: 'application/x-ndjson' });
    const error = thrownBy(() => parseBody({ body: text(overLimit), contentType: 'application/x-ndjson' }));

    // Assert
    expect(parsed.records).toHaveLength(ingestLimits.maxRecordsPerRequest - 1);
    expect(parsed.errors).toMatchObject([
      { index: ingestLimits.maxRecordsPerRequest - 1, code: 'INVALID_JSON' },
    ]);
    expect(error).toMatchObject({ code: 'TOO_MANY_RECORDS' });
  });

  it('counts CSV rows, not the header', () => {
    // Arrange
    const rows = (count: number) => `n\n${Array.from({ length: count }, (_, n) => `${n}\n`).join('')}`;

    // Act
    const parsed = parseBody({
      body: text(rows(ingestLimits.maxRecordsPerRequest)),
      contentType: 'text/csv',
    });
    const error = thrownBy(() =>
      parseBody({ body: text(rows(ingestLimits.maxRecordsPerRequest + 1)), contentType: 'text/csv' }),
    );

    // Assert
    expect(parsed.records).toHaveLength(ingestLimits.maxRecordsPerRequest);
    expect(error).toMatchObject({ code: 'TOO_MANY_RECORDS' });
  });
});

describe('bytes per record', () => {
  it('keeps a record of exactly maxRecordBytes', () => {
    // Arrange
    const record = recordOfSize(ingestLimits.maxRecordBytes);

    // Act
    const parsed = parseBody({ body: text(`[${record}]`) });

    // Assert
    expect(parsed.records).toHaveLength(1);
    expect(parsed.errors).toEqual([]);
  });

  it('rejects a record one byte over with RECORD_TOO_LARGE and keeps the rest of the batch', () => {
    // Arrange
    const big = recordOfSize(ingestLimits.maxRecordBytes + 1);

    // Act
    const parsed = parseBody({ body: text(`[{"n":0},${big},{"n":2}]`) });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { n: 0 } },
      { index: 2, value: { n: 2 } },
    ]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ index: 1, path: '[1]', code: 'RECORD_TOO_LARGE' });
  });

  it('measures UTF-8 bytes, not characters', () => {
    // Arrange: 2-byte characters, fewer characters than the limit but more bytes.
    const big = recordOfSize(ingestLimits.maxRecordBytes + 2, 'é');
    expect(big.length).toBeLessThan(ingestLimits.maxRecordBytes);
    const fits = recordOfSize(ingestLimits.maxRecordBytes, 'é');

    // Act
    const parsed = parseBody({ body: text(`${big}\n${fits}\n`), contentType: 'application/x-ndjson' });

    // Assert
    expect(parsed.records.map((r) => r.index)).toEqual([1]);
    expect(parsed.errors).toMatchObject([{ index: 0, code: 'RECORD_TOO_LARGE' }]);
  });

  it('applies to CSV rows too', () => {
    // Arrange: {"s":"…"} of the row's cell is over the limit.
    const cell = 'x'.repeat(ingestLimits.maxRecordBytes);

    // Act
    const parsed = parseBody({ body: text(`s\nsmall\n${cell}\n`), contentType: 'text/csv' });

    // Assert
    expect(parsed.records).toEqual([{ index: 0, value: { s: 'small' } }]);
    expect(parsed.errors).toMatchObject([{ index: 1, path: '[1]', code: 'RECORD_TOO_LARGE' }]);
  });

  it('is a per-record error even when it leaves no record (the use case then answers 400)', () => {
    // Act
    const parsed = parseBody({ body: text(recordOfSize(ingestLimits.maxRecordBytes + 1)) });

    // Assert
    expect(parsed.records).toEqual([]);
    expect(parsed.errors).toMatchObject([{ index: 0, code: 'RECORD_TOO_LARGE' }]);
  });
});

describe('bytes per string field', () => {
  const schema: DatasetSchema = {
    dataset: 'notes',
    version: 1,
    fields: [{ name: 's', type: 'string', required: true }],
  };
  const validate = (s: string) =>
    validateRecords([{ index: 0, value: { s } }], schema, {
      tenantId: 't',
      dataset: 'notes',
      schemaVersion: 1,
      receivedAt: new Date('2026-03-04T05:06:07.000Z'),
      coerceStrings: false,
      deriveEventId: () => 'id-0',
    });

  it.each([
    ['ASCII', 'x', 1],
    ['2-byte', 'é', 2],
    ['3-byte', '€', 3],
    ['4-byte', '😀', 4],
  ])('accepts %s strings up to maxStringBytes bytes and refuses longer ones', (_what, unit, size) => {
    // Arrange
    const fitting = unit.repeat(Math.floor(ingestLimits.maxStringBytes / size));
    const over = unit.repeat(Math.floor(ingestLimits.maxStringBytes / size) + 1);

    // Act
    const ok = validate(fitting);
    const refused = validate(over);

    // Assert
    expect(ok.valid).toHaveLength(1);
    expect(ok.errors).toEqual([]);
    expect(refused.valid).toEqual([]);
    expect(refused.errors).toMatchObject([{ index: 0, path: '[0].s', code: 'STRING_TOO_LONG' }]);
  });
});
