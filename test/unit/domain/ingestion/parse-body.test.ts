import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { definedProps } from '../../../../shared/domain/defined-props';
import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../../shared/domain/errors';
import { parseBody } from '../../../../shared/domain/ingestion/parse-body';
import type { ParsedBody } from '../../../../shared/domain/ingestion/types';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const values = (parsed: ParsedBody): unknown[] => parsed.records.map((r) => r.value);
const indices = (parsed: ParsedBody): number[] => parsed.records.map((r) => r.index);

/** The error a call throws (fails the test when it does not throw). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('parseBody: JSON', () => {
  it('reads one object as one record', () => {
    // Act
    const parsed = parseBody({ body: text('{"name":"signup","n":1}'), contentType: 'application/json' });

    // Assert
    expect(parsed.records).toEqual([{ index: 0, value: { name: 'signup', n: 1 } }]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.textual).toBe(false);
  });

  it('reads an array as one record per element, indexed in order', () => {
    // Act
    const parsed = parseBody({ body: text('[{"n":1},{"n":2},{"n":3}]'), contentType: 'application/json' });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { n: 1 } },
      { index: 1, value: { n: 2 } },
      { index: 2, value: { n: 3 } },
    ]);
  });

  it('reads a Segment-style { batch: [...] } body as its batch', () => {
    // Act
    const parsed = parseBody({
      body: text('{"batch":[{"n":1},{"n":2}],"sentAt":"2026-03-04T05:06:07Z"}'),
      contentType: 'application/json',
    });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('keeps an object whose batch is not an array as one record', () => {
    // Act
    const parsed = parseBody({ body: text('{"batch":"b-17","n":1}'), contentType: 'application/json' });

    // Assert
    expect(values(parsed)).toEqual([{ batch: 'b-17', n: 1 }]);
  });

  it('passes a non-object JSON value on as a record, for the validator to reject', () => {
    // Act
    const parsed = parseBody({ body: text('[42, null, {"n":1}]'), contentType: 'application/json' });

    // Assert
    expect(values(parsed)).toEqual([42, null, { n: 1 }]);
  });

  it.each([
    undefined,
    '',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/json',
    'application/vnd.segment+json',
  ])('treats content type %j as JSON', (contentType) => {
    // Act
    const parsed = parseBody({
      body: text('[{"n":1}]'),
      ...definedProps({ contentType }),
    });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }]);
    expect(parsed.textual).toBe(false);
  });

  it('refuses malformed JSON as a whole with MALFORMED_BODY', () => {
    // Act
    const error = thrownBy(() => parseBody({ body: text('[{"n":1},'), contentType: 'application/json' }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY', details: [{ path: '' }] });
  });

  it('keeps a "__proto__" key as a plain own field, without touching any prototype', () => {
    // Act
    const parsed = parseBody({
      body: text('{"__proto__":{"polluted":true},"n":1}'),
      contentType: 'application/json',
    });

    // Assert
    const [record] = values(parsed) as Record<string, unknown>[];
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.hasOwn(record as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseBody: NDJSON', () => {
  it.each([
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonl',
    'application/x-jsonlines',
    'application/jsonlines',
  ])('reads %s one record per line', (contentType) => {
    // Act
    const parsed = parseBody({ body: text('{"n":1}\n{"n":2}\n'), contentType });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { n: 1 } },
      { index: 1, value: { n: 2 } },
    ]);
    expect(parsed.textual).toBe(false);
  });

  it('skips blank lines without counting them as records', () => {
    // Act
    const parsed = parseBody({
      body: text('\n{"n":1}\r\n\r\n   \n{"n":2}\n\n'),
      contentType: 'application/x-ndjson',
    });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { n: 1 } },
      { index: 1, value: { n: 2 } },
    ]);
    expect(parsed.errors).toEqual([]);
  });

  it('reports a bad line as an error of that record index and keeps the others', () => {
    // Act
    const parsed = parseBody({
      body: text('{"n":1}\n\n{"n":\n{"n":3}\nnot json\n'),
      contentType: 'application/x-ndjson',
    });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { n: 1 } },
      { index: 2, value: { n: 3 } },
    ]);
    expect(parsed.errors).toHaveLength(2);
    expect(parsed.errors).toMatchObject([
      { index: 1, path: '[1]', code: 'INVALID_JSON' },
      { index: 3, path: '[3]', code: 'INVALID_JSON' },
    ]);
  });

  it('returns errors and no record when every line is bad', () => {
    // Act
    const parsed = parseBody({ body: text('nope\n{\n'), contentType: 'application/x-ndjson' });

    // Assert
    expect(parsed.records).toEqual([]);
    expect(parsed.errors.map((e) => e.index)).toEqual([0, 1]);
  });
});

describe('parseBody: CSV', () => {
  it('reads a header row and one record per row, values as text', () => {
    // Act
    const parsed = parseBody({
      body: text('name,n,ok\nsignup,1,true\nlogin,2,false\n'),
      contentType: 'text/csv',
    });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { name: 'signup', n: '1', ok: 'true' } },
      { index: 1, value: { name: 'login', n: '2', ok: 'false' } },
    ]);
    expect(parsed.textual).toBe(true);
  });

  it('reads quoted fields holding commas, quotes and newlines', () => {
    // Act
    const parsed = parseBody({
      body: text('a,b,c\n"x, y","say ""hi""","line1\nline2"\n'),
      contentType: 'text/csv; charset=utf-8',
    });

    // Assert
    expect(values(parsed)).toEqual([{ a: 'x, y', b: 'say "hi"', c: 'line1\nline2' }]);
  });

  it('trims unquoted cells but keeps spaces inside quotes', () => {
    // Act
    const parsed = parseBody({ body: text('a , b\n  x  ," y "\n'), contentType: 'text/csv' });

    // Assert
    expect(values(parsed)).toEqual([{ a: 'x', b: ' y ' }]);
  });

  it('leaves an empty cell out of the record', () => {
    // Act
    const parsed = parseBody({ body: text('a,b,c\n1,,3\n'), contentType: 'application/csv' });

    // Assert
    expect(values(parsed)).toEqual([{ a: '1', c: '3' }]);
  });

  it('builds nested objects from dotted headers', () => {
    // Act
    const parsed = parseBody({
      body: text('name,properties.plan,properties.limits.seats\nsignup,pro,5\n'),
      contentType: 'text/csv',
    });

    // Assert
    expect(values(parsed)).toEqual([{ name: 'signup', properties: { plan: 'pro', limits: { seats: '5' } } }]);
  });

  it('strips a UTF-8 byte order mark and skips empty lines', () => {
    // Act
    const parsed = parseBody({ body: text('\uFEFFname\n\nsignup\n\nlogin\n'), contentType: 'text/csv' });

    // Assert
    expect(values(parsed)).toEqual([{ name: 'signup' }, { name: 'login' }]);
  });

  it('gives no record for a header row alone', () => {
    // Act
    const parsed = parseBody({ body: text('name,n\n'), contentType: 'text/csv' });

    // Assert
    expect(parsed.records).toEqual([]);
    expect(parsed.errors).toEqual([]);
  });

  it.each([
    ['a ragged row', 'a,b\n1,2\n3\n'],
    ['a row longer than the header', 'a,b\n1,2,3\n'],
    ['an unnamed column', 'a,,c\n1,2,3\n'],
    ['an unclosed quote', 'a,b\n"1,2\n'],
  ])('refuses the whole body with MALFORMED_BODY for %s', (_what, csv) => {
    // Act
    const error = thrownBy(() => parseBody({ body: text(csv), contentType: 'text/csv' }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
  });
});

describe('parseBody: CSV headers that name prototype members', () => {
  // A failing fix must not leave the whole test process polluted.
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it.each([
    '__proto__.polluted',
    '__proto__',
    'properties.__proto__.polluted',
    'constructor.prototype.polluted',
    'properties.constructor',
    'properties.prototype.polluted',
  ])('refuses the header %j with MALFORMED_BODY naming the column, touching no prototype', (column) => {
    // Act
    const error = thrownBy(() =>
      parseBody({ body: text(`${column},name\nyes,x\n`), contentType: 'text/csv' }),
    );

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY', details: [{ path: '' }] });
    expect((error as Error).message).toContain(column);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads the next body normally after refusing one that tried to pollute the prototype', () => {
    // Arrange
    thrownBy(() => parseBody({ body: text('__proto__.polluted,name\nyes,x\n'), contentType: 'text/csv' }));

    // Act
    const parsed = parseBody({ body: text('name\nsignup\n'), contentType: 'text/csv' });

    // Assert
    const [record] = values(parsed) as Record<string, unknown>[];
    expect(Object.keys(record as object)).toEqual(['name']);
    expect('polluted' in (record as object)).toBe(false);
  });

  it('keeps a plain column named constructor or prototype as an own field (field names may be so)', () => {
    // Act
    const parsed = parseBody({ body: text('constructor,prototype\nx,y\n'), contentType: 'text/csv' });

    // Assert
    const [record] = values(parsed) as Record<string, unknown>[];
    expect(Object.hasOwn(record as object, 'constructor')).toBe(true);
    expect(record).toEqual({ constructor: 'x', prototype: 'y' });
  });

  it('builds nested fields named like Object.prototype methods as own fields, leaving the methods alone', () => {
    // Act
    const parsed = parseBody({
      body: text('meta.toString,meta.hasOwnProperty,valueOf.x\na,b,c\n'),
      contentType: 'text/csv',
    });

    // Assert
    const [record] = values(parsed) as Record<string, Record<string, unknown>>[];
    expect(Object.hasOwn(record?.meta as object, 'toString')).toBe(true);
    expect(record).toEqual({ meta: { toString: 'a', hasOwnProperty: 'b' }, valueOf: { x: 'c' } });
    expect(typeof Object.prototype.toString).toBe('function');
    expect(typeof Object.prototype.hasOwnProperty).toBe('function');
  });
});

describe('parseBody: XML', () => {
  it('reads one record per repeated child of the root, leaves as trimmed text', () => {
    // Act
    const parsed = parseBody({
      body: text(
        '<?xml version="1.0"?>\n<events>\n  <event><name> signup </name><n>1</n></event>\n  <event><name>login</name><n>2</n></event>\n</events>',
      ),
      contentType: 'application/xml',
    });

    // Assert
    expect(parsed.records).toEqual([
      { index: 0, value: { name: 'signup', n: '1' } },
      { index: 1, value: { name: 'login', n: '2' } },
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.textual).toBe(true);
  });

  it('reads a root with a single record child as one record', () => {
    // Act
    const parsed = parseBody({
      body: text('<events><event><name>signup</name><n>1</n></event></events>'),
      contentType: 'text/xml',
    });

    // Assert
    expect(values(parsed)).toEqual([{ name: 'signup', n: '1' }]);
  });

  it('reads a root whose children are distinct fields as the record itself', () => {
    // Act
    const parsed = parseBody({
      body: text('<event><name>signup</name><n>1</n></event>'),
      contentType: 'application/xml',
    });

    // Assert
    expect(values(parsed)).toEqual([{ name: 'signup', n: '1' }]);
  });

  it('maps nested elements to objects and repeated elements to arrays', () => {
    // Act
    const parsed = parseBody({
      body: text(
        '<events><event><name>a</name><properties><plan>pro</plan><tag>x</tag><tag>y</tag></properties></event><event><name>b</name></event></events>',
      ),
      contentType: 'application/xml',
    });

    // Assert
    expect(values(parsed)).toEqual([
      { name: 'a', properties: { plan: 'pro', tag: ['x', 'y'] } },
      { name: 'b' },
    ]);
  });

  it('ignores attributes and decodes predefined entities and CDATA', () => {
    // Act
    const parsed = parseBody({
      body: text(
        '<events><event id="7" kind="k"><name lang="en">a &amp; b &lt;c&gt;</name><note><![CDATA[<raw> & text]]></note><empty/></event><event><name>z</name></event></events>',
      ),
      contentType: 'application/xml',
    });

    // Assert
    expect(values(parsed)).toEqual([{ name: 'a & b <c>', note: '<raw> & text', empty: '' }, { name: 'z' }]);
  });

  it.each([
    ['a plain DOCTYPE', '<!DOCTYPE events><events><event><n>1</n></event></events>'],
    [
      'an external entity (XXE)',
      '<!DOCTYPE events [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><events><event><n>&xxe;</n></event></events>',
    ],
    [
      'an entity expansion bomb',
      '<!DOCTYPE events [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><events><event><n>&b;</n></event></events>',
    ],
  ])('refuses %s with MALFORMED_BODY', (_what, xml) => {
    // Act
    const error = thrownBy(() => parseBody({ body: text(xml), contentType: 'application/xml' }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
    expect((error as Error).message).toMatch(/DOCTYPE/);
  });

  /** `<l1><l2>…<lN>x</lN>…</l2></l1>`: N nested elements. */
  const nested = (depth: number): string => {
    let xml = 'x';
    for (let level = depth; level >= 1; level--) xml = `<l${level}>${xml}</l${level}>`;
    return xml;
  };

  it('accepts elements nested 32 levels deep', () => {
    // Act
    const parsed = parseBody({ body: text(nested(32)), contentType: 'application/xml' });

    // Assert
    expect(parsed.records).toHaveLength(1);
  });

  it('refuses elements nested deeper than 32 levels', () => {
    // Act
    const error = thrownBy(() => parseBody({ body: text(nested(33)), contentType: 'application/xml' }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
    expect((error as Error).message).toMatch(/deeper than 32/);
  });

  it('keeps a __proto__ element as a plain own field, without polluting any prototype', () => {
    // Act
    const parsed = parseBody({
      body: text(
        '<events><event><__proto__><polluted>yes</polluted></__proto__><name>a</name></event><event><name>b</name></event></events>',
      ),
      contentType: 'application/xml',
    });

    // Assert
    const [first] = values(parsed) as Record<string, unknown>[];
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    expect(Object.hasOwn(first as object, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['mismatched tags', '<events><event><n>1</m></event></events>'],
    ['an unclosed root', '<events><event><n>1</n></event>'],
    ['an undefined entity', '<events><event><n>&nbsp;</n></event></events>'],
    ['a root holding only text', '<events>just text</events>'],
    ['two roots', '<a><n>1</n></a><b><n>2</n></b>'],
  ])('refuses %s with MALFORMED_BODY', (_what, xml) => {
    // Act
    const error = thrownBy(() => parseBody({ body: text(xml), contentType: 'application/xml' }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
  });
});

describe('parseBody: gzip', () => {
  it('inflates a body sent with Content-Encoding: gzip', () => {
    // Act
    const parsed = parseBody({
      body: gzipSync('{"n":1}\n{"n":2}\n'),
      contentType: 'application/x-ndjson',
      contentEncoding: 'gzip',
    });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('inflates a gzip body sent without saying so (RudderStack), by its magic bytes', () => {
    // Act
    const parsed = parseBody({ body: gzipSync('{"batch":[{"n":1}]}'), contentType: 'application/json' });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }]);
  });

  it('reads the encoding case-insensitively', () => {
    // Act
    const parsed = parseBody({
      body: gzipSync('name\nsignup\n'),
      contentType: 'text/csv',
      contentEncoding: 'GZIP',
    });

    // Assert
    expect(values(parsed)).toEqual([{ name: 'signup' }]);
  });

  it('refuses a body announced as gzip that is not gzip with MALFORMED_BODY', () => {
    // Act
    const error = thrownBy(() =>
      parseBody({ body: text('{"n":1}'), contentType: 'application/json', contentEncoding: 'gzip' }),
    );

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
  });

  it('refuses a truncated gzip stream with MALFORMED_BODY', () => {
    // Arrange
    const full = gzipSync(JSON.stringify(Array.from({ length: 200 }, (_, n) => ({ n }))));

    // Act
    const error = thrownBy(() => parseBody({ body: full.subarray(0, full.byteLength - 12) }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY' });
  });
});

describe('parseBody: deflate, br and other content encodings', () => {
  const ndjson = '{"n":1}\n{"n":2}\n';

  it.each([
    ['deflate (zlib, as HTTP defines it)', 'deflate', deflateSync(ndjson)],
    ['raw deflate (as some clients send it)', 'deflate', deflateRawSync(ndjson)],
    ['br', 'br', brotliCompressSync(ndjson)],
    ['x-gzip', 'x-gzip', gzipSync(ndjson)],
    ['upper-case BR', 'BR', brotliCompressSync(ndjson)],
    ['identity', 'identity', text(ndjson)],
    ['br applied after gzip ("gzip, br")', 'gzip, br', brotliCompressSync(gzipSync(ndjson))],
    ['deflate applied after br ("br,deflate")', 'br,deflate', deflateSync(brotliCompressSync(ndjson))],
  ])('decodes %s', (_what, contentEncoding, body) => {
    // Act
    const parsed = parseBody({ body, contentType: 'application/x-ndjson', contentEncoding });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it.each([
    ['deflate', 'invalid deflate'],
    ['br', 'invalid br'],
  ])('refuses a body announced as %s that is not with MALFORMED_BODY', (contentEncoding, detail) => {
    // Act
    const error = thrownBy(() =>
      parseBody({ body: text('{"n":1}'), contentType: 'application/json', contentEncoding }),
    );

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'MALFORMED_BODY', details: [{ path: '', message: detail }] });
  });

  it.each(['compress', 'zstd', 'gzip, zstd', 'x-custom'])(
    'refuses Content-Encoding %j with a 415 UNSUPPORTED_CONTENT_ENCODING naming the header',
    (contentEncoding) => {
      // Act
      const error = thrownBy(() =>
        parseBody({ body: gzipSync('{"n":1}'), contentType: 'application/json', contentEncoding }),
      );

      // Assert
      expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(error).toMatchObject({
        code: 'UNSUPPORTED_CONTENT_ENCODING',
        details: [{ path: 'content-encoding' }],
      });
    },
  );

  it('checks the media type before the encoding', () => {
    // Act
    const error = thrownBy(() =>
      parseBody({ body: text('x'), contentType: 'text/plain', contentEncoding: 'zstd' }),
    );

    // Assert
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('parseBody: UTF-8 byte order mark', () => {
  it.each([
    ['JSON', 'application/json', '\uFEFF[{"n":1},{"n":2}]'],
    ['NDJSON', 'application/x-ndjson', '\uFEFF{"n":1}\n{"n":2}\n'],
    ['XML', 'application/xml', '\uFEFF<r><e><n>1</n></e><e><n>2</n></e></r>'],
  ])('strips a leading BOM from %s as from CSV', (_format, contentType, body) => {
    // Act
    const parsed = parseBody({ body: text(body), contentType });

    // Assert
    expect(parsed.errors).toEqual([]);
    expect(values(parsed).map((v) => String((v as { n: unknown }).n))).toEqual(['1', '2']);
  });

  it('strips a BOM inside a gzip body', () => {
    // Act
    const parsed = parseBody({ body: gzipSync('\uFEFF{"n":1}'), contentType: 'application/json' });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }]);
  });

  it('keeps a BOM that is not at the start as data', () => {
    // Act
    const parsed = parseBody({ body: text('{"s":"a\uFEFFb"}'), contentType: 'application/json' });

    // Assert
    expect(values(parsed)).toEqual([{ s: 'a\uFEFFb' }]);
  });
});

describe('parseBody: content types and empty bodies', () => {
  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
  ])('refuses %s with UNSUPPORTED_MEDIA_TYPE', (contentType) => {
    // Act
    const error = thrownBy(() => parseBody({ body: text('{"n":1}'), contentType }));

    // Assert
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: [{ path: 'content-type' }] });
  });

  it('refuses an unsupported type before reading the body', () => {
    // Act
    const error = thrownBy(() =>
      parseBody({ body: text('not gzip'), contentType: 'text/plain', contentEncoding: 'gzip' }),
    );

    // Assert
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
  });

  it.each([
    ['an empty body', text('')],
    ['a blank body', text(' \n\t\r\n ')],
    ['a gzip of nothing', gzipSync('')],
  ])('refuses %s with EMPTY_BODY', (_what, body) => {
    // Act
    const error = thrownBy(() => parseBody({ body, contentType: 'application/json' }));

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ code: 'EMPTY_BODY' });
  });

  it('reads the bytes of a Uint8Array view with an offset into a larger buffer', () => {
    // Arrange
    const backing = text('XXXX[{"n":1}]YYYY');
    const view = backing.subarray(4, backing.byteLength - 4);

    // Act
    const parsed = parseBody({ body: view, contentType: 'application/json' });

    // Assert
    expect(values(parsed)).toEqual([{ n: 1 }]);
  });
});

describe('parseBody: indices', () => {
  it('numbers records from 0 in body order for every format', () => {
    // Act
    const json = parseBody({ body: text('[{"n":0},{"n":1}]') });
    const csv = parseBody({ body: text('n\n0\n1\n'), contentType: 'text/csv' });
    const xml = parseBody({
      body: text('<r><e><n>0</n></e><e><n>1</n></e></r>'),
      contentType: 'application/xml',
    });

    // Assert
    for (const parsed of [json, csv, xml]) expect(indices(parsed)).toEqual([0, 1]);
  });
});
