import { describe, expect, it } from 'vitest';
import { ingestLimits } from '../../../../shared/domain/ingestion/limits';
import { parseBody } from '../../../../shared/domain/ingestion/parse-body';
import type { RecordError } from '../../../../shared/domain/ingestion/types';
import { chunkFile, splitFile } from '../../../../shared/domain/uploads/split-file';
import { contentTypes, encodeEvents, sampleEvent } from '../../../support/event-bodies';

const events = (n: number) => Array.from({ length: n }, (_, i) => sampleEvent(i));

/** Every record of every chunk, read by the ingest API's parser, in file order. */
function readChunks(text: string, format: 'json' | 'ndjson' | 'csv' | 'xml') {
  const errors: RecordError[] = [];
  const parseErrors: number[] = [];
  const chunks = [...chunkFile(splitFile(text, format), errors)];
  const values = chunks.flatMap((chunk) => {
    const parsed = parseBody({ body: Buffer.from(chunk.body), contentType: contentTypes[format] });
    expect(parsed.records.length + parsed.errors.length).toBe(chunk.indexes.length);
    for (const error of parsed.errors) parseErrors.push(chunk.indexes[error.index] as number);
    return parsed.records.map((r) => ({ index: chunk.indexes[r.index], value: r.value }));
  });
  return { chunks, values, errors, parseErrors };
}

describe('splitFile and chunkFile', () => {
  it.each(['json', 'ndjson', 'csv', 'xml'] as const)(
    'cuts a %s file into bodies of at most 1,000 records that the ingest parser reads back whole',
    (format) => {
      const text = encodeEvents(events(2_345), format);
      const { chunks, values, errors } = readChunks(text, format);
      expect(errors).toEqual([]);
      expect(chunks).toHaveLength(3);
      for (const chunk of chunks) {
        expect(chunk.indexes.length).toBeLessThanOrEqual(ingestLimits.maxRecordsPerRequest);
        expect(Buffer.byteLength(chunk.body)).toBeLessThanOrEqual(ingestLimits.maxBodyBytes);
      }
      expect(values.map((v) => v.index)).toEqual(Array.from({ length: 2_345 }, (_, i) => i));
      // The same records as the whole file read in one go (below the per-request limits).
      const whole = parseBody({
        body: Buffer.from(encodeEvents(events(800), format)),
        contentType: contentTypes[format],
      });
      expect(values.slice(0, 800).map((v) => v.value)).toEqual(whole.records.map((r) => r.value));
    },
  );

  it('keeps bodies under 1 MiB when records are large', () => {
    const big = Array.from({ length: 200 }, (_, i) => ({
      eventId: `e${i}`,
      name: 'x',
      pad: 'p'.repeat(20_000),
    }));
    const text = big.map((e) => JSON.stringify(e)).join('\n');
    const { chunks, values } = readChunks(text, 'ndjson');
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks)
      expect(Buffer.byteLength(chunk.body)).toBeLessThanOrEqual(ingestLimits.maxBodyBytes);
    expect(values).toHaveLength(200);
  });

  it('keeps a quoted CSV field with newlines and commas in its record', () => {
    const rows = Array.from({ length: 1_500 }, (_, i) => `e${i},"line one\nline, two",2026-01-01T00:00:00Z`);
    const text = `eventId,name,timestamp\n${rows.join('\n')}\n`;
    const { values } = readChunks(text, 'csv');
    expect(values).toHaveLength(1_500);
    expect(values[1_200]?.value).toEqual({
      eventId: 'e1200',
      name: 'line one\nline, two',
      timestamp: '2026-01-01T00:00:00Z',
    });
  });

  it('counts NDJSON records as the API does: blank lines are none, broken lines are', () => {
    const text = '{"a":1}\n\n  \n{broken\n{"a":3}\r\n';
    const file = splitFile(text, 'ndjson');
    expect(file.parts).toHaveLength(3);
    const { values, parseErrors } = readChunks(text, 'ndjson');
    expect(values.map((v) => v.index)).toEqual([0, 2]);
    expect(parseErrors).toEqual([1]);
  });

  it('keeps XML prolog and root attributes in every body, and non-ASCII text intact', () => {
    const items = Array.from({ length: 1_001 }, (_, i) => `<event><eventId>é😀${i}</eventId></event>`);
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n<events source="x">${items.join('\n')}</events>`;
    const { chunks, values } = readChunks(text, 'xml');
    expect(chunks).toHaveLength(2);
    expect(chunks[1]?.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<events source="x">')).toBe(
      true,
    );
    expect(values[1_000]?.value).toEqual({ eventId: 'é😀1000' });
  });

  it('reads an XML root whose children differ as one record, as the API does', () => {
    const text = '<order><sku>a</sku><qty>2</qty></order>';
    expect(splitFile(text, 'xml').parts).toEqual([text]);
  });

  it('reports a record too big for any body as RECORD_TOO_LARGE and goes on', () => {
    const lines = [
      JSON.stringify({ a: 1 }),
      JSON.stringify({ pad: 'x'.repeat(ingestLimits.maxBodyBytes) }),
      '{"a":3}',
    ];
    const errors: RecordError[] = [];
    const chunks = [...chunkFile(splitFile(lines.join('\n'), 'ndjson'), errors)];
    expect(errors).toEqual([expect.objectContaining({ index: 1, path: '[1]', code: 'RECORD_TOO_LARGE' })]);
    expect(chunks.flatMap((c) => c.indexes)).toEqual([0, 2]);
  });

  it.each([
    ['json', '{"a":'],
    ['csv', 'a,b\n1,2,3\n'],
    ['xml', '<events><event></events>'],
    ['xml', '<!DOCTYPE x [<!ENTITY a "b">]><x/>'],
  ] as const)('refuses a malformed %s file whole (MALFORMED_BODY)', (format, text) => {
    expect(() => splitFile(text, format)).toThrow(expect.objectContaining({ code: 'MALFORMED_BODY' }));
  });
});
