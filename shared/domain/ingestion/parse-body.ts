/**
 * Turns a request body into candidate records, by content type: JSON (object, array or a
 * Segment-style `{ batch: [...] }`), NDJSON, CSV with a header row, or XML. gzip, deflate and
 * br bodies are inflated with a hard cap (a zip bomb stops at the limit). Malformed NDJSON
 * lines are per-record errors; a body that cannot be read at all is a ValidationError.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { jsonNestsDeeperThan, maxJsonDepth } from '../json-depth';
import { ingestLimits } from './limits';
import type { ParsedBody, RecordError } from './types';

export interface RawBody {
  readonly body: Uint8Array;
  readonly contentType?: string | undefined;
  readonly contentEncoding?: string | undefined;
}

type Format = 'json' | 'ndjson' | 'csv' | 'xml';

const formatsByMediaType: Record<string, Format> = {
  'application/json': 'json',
  'text/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonlines': 'ndjson',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

function formatOf(contentType: string | undefined): Format {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  // No content type: JSON, the common case for curl and SDKs.
  if (!mediaType) return 'json';
  const format = formatsByMediaType[mediaType] ?? (mediaType.endsWith('+json') ? 'json' : undefined);
  if (!format) {
    throw new UnsupportedMediaTypeError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type "${mediaType}" is not supported; use application/json, application/x-ndjson, text/csv or application/xml`,
      [{ path: 'content-type', message: 'unsupported media type' }],
    );
  }
  return format;
}

const tooLarge = () =>
  new PayloadTooLargeError(
    'PAYLOAD_TOO_LARGE',
    `The body exceeds ${ingestLimits.maxBodyBytes} bytes (decompressed)`,
  );

type Encoding = 'gzip' | 'deflate' | 'br';

const encodingsByName: Record<string, Encoding> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
};

/**
 * The codings of a Content-Encoding header in the order they must be undone (the header lists
 * them in the order they were applied). An unknown coding is a 415, checked before the body is
 * read: reading it as plain text would only yield a confusing MALFORMED_BODY.
 */
function encodingsOf(header: string | undefined): Encoding[] {
  const names = (header ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity');
  return names
    .map((name) => {
      const encoding = Object.hasOwn(encodingsByName, name) ? encodingsByName[name] : undefined;
      if (!encoding) {
        throw new UnsupportedMediaTypeError(
          'UNSUPPORTED_CONTENT_ENCODING',
          `Content-Encoding "${name}" is not supported; use gzip, deflate or br`,
          [{ path: 'content-encoding', message: 'unsupported content encoding' }],
        );
      }
      return encoding;
    })
    .reverse();
}

/** A zlib stream opens with CMF/FLG: method 8 (deflate), the pair a multiple of 31 (RFC 1950 §2.2). */
function hasZlibHeader(bytes: Uint8Array): boolean {
  const cmf = bytes[0] ?? 0;
  const flg = bytes[1] ?? 0;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/** Undoes one coding with the body limit as the output cap (a bomb stops at the limit). */
function inflate(encoding: Encoding, bytes: Uint8Array): Uint8Array {
  const opts = { maxOutputLength: ingestLimits.maxBodyBytes };
  try {
    if (encoding === 'gzip') return gunzipSync(bytes, opts);
    if (encoding === 'br') return brotliDecompressSync(bytes, opts);
    // HTTP's deflate is zlib-wrapped (RFC 9110 §8.4.1.2), but some clients send raw deflate.
    return hasZlibHeader(bytes) ? inflateSync(bytes, opts) : inflateRawSync(bytes, opts);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new ValidationError('MALFORMED_BODY', `The body is not valid ${encoding}`, [
      { path: '', message: `invalid ${encoding}` },
    ]);
  }
}

/**
 * Undoes the declared codings (gzip, deflate, br), or gzip found by its magic bytes when none
 * is declared: some SDKs (RudderStack) gzip without saying so. A leading UTF-8 BOM is dropped
 * for every format, as CSV readers do.
 */
function decode(input: RawBody): string {
  const declared = encodingsOf(input.contentEncoding);
  const gzipMagic = input.body[0] === 0x1f && input.body[1] === 0x8b;
  const encodings: Encoding[] = declared.length === 0 && gzipMagic ? ['gzip'] : declared;
  let bytes = input.body;
  for (const encoding of encodings) bytes = inflate(encoding, bytes);
  if (bytes.byteLength > ingestLimits.maxBodyBytes) throw tooLarge();
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const malformed = (what: string, detail: string) =>
  new ValidationError('MALFORMED_BODY', `The body is not valid ${what}: ${detail}`, [
    { path: '', message: detail },
  ]);

const tooDeep = () =>
  new ValidationError('BODY_TOO_DEEP', `The body nests deeper than ${maxJsonDepth} levels`, [
    { path: '', message: `nests deeper than ${maxJsonDepth} levels` },
  ]);

function parseJson(text: string): unknown[] {
  if (jsonNestsDeeperThan(text)) throw tooDeep();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed('JSON', (error as Error).message);
  }
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object' && Array.isArray((value as { batch?: unknown }).batch)) {
    return (value as { batch: unknown[] }).batch;
  }
  return [value];
}

function parseNdjson(text: string, errors: RecordError[]): ({ index: number; value: unknown } | undefined)[] {
  const out: ({ index: number; value: unknown } | undefined)[] = [];
  let index = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      if (jsonNestsDeeperThan(line)) throw new Error(`nests deeper than ${maxJsonDepth} levels`);
      out.push({ index, value: JSON.parse(line) });
    } catch (error) {
      errors.push({
        index,
        path: `[${index}]`,
        code: 'INVALID_JSON',
        message: `Line is not valid JSON: ${(error as Error).message}`,
      });
      out.push(undefined);
    }
    index++;
  }
  return out;
}

/** Sets an own, enumerable property: assignment would call the `__proto__` setter. */
function defineField(target: Record<string, unknown>, name: string, value: unknown): void {
  // Assignment is an own property for every other name; only `__proto__` would reach the
  // prototype, and defineProperty (several times slower) is kept for it alone.
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
}

/**
 * Names that reach an object's prototype (or its constructor's) in JavaScript. `__proto__` is
 * never a field name; `constructor` and `prototype` may be top-level schema fields, so they are
 * refused only as a step of a dotted path, where a naive walk would leave the record.
 */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A CSV header naming a prototype member refuses the whole body (MALFORMED_BODY), not each
 * record: the header applies to every row, and such a column is an attack, never data.
 */
function checkHeader(header: readonly string[]): void {
  for (const column of header) {
    const parts = column.split('.');
    const reserved = parts.some(
      (part) => part === '__proto__' || (parts.length > 1 && prototypeKeys.has(part)),
    );
    if (reserved) {
      throw malformed(
        'CSV',
        `column "${column}" names __proto__, constructor or prototype, which cannot be a field path`,
      );
    }
  }
}

/**
 * Sets `a.b.c` paths from dotted CSV headers; an empty cell is an absent value. Records are
 * built from own properties only (read with Object.hasOwn, written with defineProperty), so no
 * header can walk into or write onto a prototype even if checkHeader missed one.
 */
function nest(header: readonly string[], row: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = row[i];
    if (cell === undefined || cell === '') return;
    const parts = column.split('.');
    let target = record;
    for (const part of parts.slice(0, -1)) {
      let next = Object.hasOwn(target, part) ? target[part] : undefined;
      if (next === null || typeof next !== 'object') {
        next = {};
        defineField(target, part, next);
      }
      target = next as Record<string, unknown>;
    }
    defineField(target, parts[parts.length - 1] as string, cell);
  });
  return record;
}

/** How every CSV body or file is read: header row, BOM stripped, rows of equal width, cells trimmed. */
export const csvOptions = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: false,
  trim: true,
} as const;

function parseCsvText(text: string): unknown[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, csvOptions) as string[][];
  } catch (error) {
    throw malformed('CSV', (error as Error).message);
  }
  const [header, ...body] = rows;
  if (!header || header.length === 0 || header.some((h) => h === ''))
    throw malformed('CSV', 'a header row naming every column is required');
  checkHeader(header);
  return body.map((row) => nest(header, row));
}

/** Deep enough for any record; a bound keeps hostile nesting from costing memory. */
const MAX_XML_DEPTH = 32;

interface OpenElement {
  readonly name: string;
  readonly fields: Record<string, unknown>;
  text: string;
  hasChildren: boolean;
}

/** Adds a child value, turning a repeated element name into an array (as XML-to-JSON mappings do). */
function addChild(parent: Record<string, unknown>, name: string, value: unknown): void {
  const previous = Object.hasOwn(parent, name) ? parent[name] : undefined;
  const next =
    previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  // defineProperty, not assignment: an element named __proto__ must stay a plain field.
  defineField(parent, name, next);
}

/**
 * XML through saxes, a strict XML 1.0 parser (well-formedness checked in the same pass, ~5x
 * faster than building a document and validating it apart). Attributes are ignored; leaf
 * values stay trimmed strings for the validator to type. DOCTYPE is refused and only the five
 * predefined entities exist, so there is no XXE and no entity expansion bomb.
 */
function parseXml(text: string): unknown[] {
  const document: OpenElement = { name: '', fields: {}, text: '', hasChildren: false };
  const stack: OpenElement[] = [document];
  const parser = new SaxesParser({ position: false });
  let failure: string | undefined;
  parser.on('error', (error) => {
    failure ??= error.message;
  });
  parser.on('doctype', () => {
    failure ??= 'DOCTYPE and ENTITY declarations are not allowed';
  });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1] as OpenElement;
    parent.hasChildren = true;
    if (stack.length > MAX_XML_DEPTH) failure ??= `elements nest deeper than ${MAX_XML_DEPTH} levels`;
    stack.push({ name: tag.name, fields: {}, text: '', hasChildren: false });
  });
  parser.on('text', (chunk) => {
    (stack[stack.length - 1] as OpenElement).text += chunk;
  });
  parser.on('cdata', (chunk) => {
    (stack[stack.length - 1] as OpenElement).text += chunk;
  });
  parser.on('closetag', () => {
    const element = stack.pop() as OpenElement;
    const parent = stack[stack.length - 1] as OpenElement;
    addChild(parent.fields, element.name, element.hasChildren ? element.fields : element.text.trim());
  });
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (failure !== undefined) throw malformed('XML', failure);
  const [root] = Object.values(document.fields);
  if (root === null || typeof root !== 'object')
    throw malformed('XML', 'a root element holding records is required');
  const children = Object.values(root as Record<string, unknown>);
  // <events><event>…</event>…</events>: one repeated child element holds the records.
  if (children.length === 1) {
    const only = children[0];
    if (Array.isArray(only)) return only;
    if (only !== null && typeof only === 'object') return [only];
  }
  return [root];
}

function recordBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

export function parseBody(input: RawBody): ParsedBody {
  const format = formatOf(input.contentType);
  const text = decode(input);
  if (text.trim() === '')
    throw new ValidationError('EMPTY_BODY', 'The request body is empty', [{ path: '', message: 'empty' }]);
  const errors: RecordError[] = [];
  const candidates =
    format === 'ndjson'
      ? parseNdjson(text, errors)
      : (format === 'json' ? parseJson(text) : format === 'csv' ? parseCsvText(text) : parseXml(text)).map(
          (value, index) => ({
            index,
            value,
          }),
        );
  if (candidates.length > ingestLimits.maxRecordsPerRequest) {
    throw new PayloadTooLargeError(
      'TOO_MANY_RECORDS',
      `${candidates.length} records sent; at most ${ingestLimits.maxRecordsPerRequest} per request`,
    );
  }
  const records: { index: number; value: unknown }[] = [];
  for (const candidate of candidates) {
    if (!candidate) continue;
    if (recordBytes(candidate.value) > ingestLimits.maxRecordBytes) {
      errors.push({
        index: candidate.index,
        path: `[${candidate.index}]`,
        code: 'RECORD_TOO_LARGE',
        message: `The record exceeds ${ingestLimits.maxRecordBytes} bytes`,
      });
    } else {
      records.push(candidate);
    }
  }
  return { records, errors, textual: format === 'csv' || format === 'xml' };
}
