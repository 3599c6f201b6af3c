/**
 * Cuts a decoded file into request-sized bodies for the ingest use case: at most 1,000 records
 * and 1 MiB each, in the file's own format, so files are parsed and validated by exactly the
 * code the ingest API runs. Each body keeps the map from its record positions to the file's,
 * so errors name the record's index in the file.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { ValidationError } from '../errors';
import { ingestLimits } from '../ingestion/limits';
import { csvOptions } from '../ingestion/parse-body';
import type { RecordError } from '../ingestion/types';
import { jsonNestsDeeperThan, maxJsonDepth } from '../json-depth';
import type { UploadFormat } from './upload-key';

/** A file as a frame (`prefix`, `separator`, `suffix`) around one raw text per record. */
export interface SplitFile {
  readonly prefix: string;
  readonly separator: string;
  readonly suffix: string;
  readonly parts: readonly string[];
}

/** One request-sized body for the ingest use case. */
export interface FileChunk {
  readonly body: string;
  /** File index of each record of the body, in order. */
  readonly indexes: readonly number[];
}

const malformed = (what: string, detail: string) =>
  new ValidationError('MALFORMED_BODY', `The file is not valid ${what}: ${detail}`, [
    { path: '', message: detail },
  ]);

function splitNdjson(text: string): SplitFile {
  // Blank lines are no records, as in the ingest API's NDJSON reader.
  const parts = text.split('\n').filter((line) => line.trim() !== '');
  return { prefix: '', separator: '\n', suffix: '', parts };
}

function splitJson(text: string): SplitFile {
  // JSON.stringify of each item below recurses: a hostile depth is refused before parsing.
  if (jsonNestsDeeperThan(text)) throw malformed('JSON', `nests deeper than ${maxJsonDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed('JSON', (error as Error).message);
  }
  const items = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && Array.isArray((value as { batch?: unknown }).batch)
      ? (value as { batch: unknown[] }).batch
      : [value];
  return { prefix: '[', separator: ',', suffix: ']', parts: items.map((item) => JSON.stringify(item)) };
}

/**
 * The header row once per body, then each record's raw text (csv-parse keeps a quoted field's
 * newlines inside its record's raw text, so no record is cut in two). The options are the
 * ingest API's, so a file the API would refuse is refused here too, before anything is sent.
 */
function splitCsv(text: string): SplitFile {
  let rows: { raw: string }[];
  try {
    rows = parseCsv(text, { ...csvOptions, raw: true }) as unknown as { raw: string }[];
  } catch (error) {
    throw malformed('CSV', (error as Error).message);
  }
  const [header, ...body] = rows;
  if (!header) throw malformed('CSV', 'a header row naming every column is required');
  const prefix = header.raw.endsWith('\n') ? header.raw : `${header.raw}\n`;
  return { prefix, separator: '', suffix: '', parts: body.map((row) => row.raw) };
}

/**
 * `<root>` then one part per child element (with the text before it), when the root holds one
 * repeated element: that is how the ingest API reads records from XML. Any other document is
 * one part, read as the API reads it. saxes positions are UTF-16 offsets into `text`.
 */
function splitXml(text: string): SplitFile {
  const parser = new SaxesParser();
  let failure: string | undefined;
  let depth = 0;
  let rootName = '';
  let rootEnd = -1;
  let childName: string | undefined;
  let sameChildren = true;
  const ends: number[] = [];
  parser.on('error', (error) => {
    failure ??= error.message;
  });
  parser.on('doctype', () => {
    failure ??= 'DOCTYPE and ENTITY declarations are not allowed';
  });
  parser.on('opentag', (tag) => {
    if (depth === 0) {
      rootName = tag.name;
      rootEnd = parser.position;
    } else if (depth === 1) {
      childName ??= tag.name;
      if (tag.name !== childName) sameChildren = false;
    }
    depth++;
  });
  parser.on('closetag', () => {
    depth--;
    if (depth === 1) ends.push(parser.position);
  });
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (failure !== undefined) throw malformed('XML', failure);
  if (!sameChildren || ends.length < 2) return { prefix: '', separator: '', suffix: '', parts: [text] };
  const parts = ends.map((end, i) => text.slice(i === 0 ? rootEnd : (ends[i - 1] as number), end));
  return { prefix: text.slice(0, rootEnd), separator: '', suffix: `</${rootName}>`, parts };
}

/** The file's records as raw texts in a frame; throws MALFORMED_BODY for a file no reader can cut. */
export function splitFile(text: string, format: UploadFormat): SplitFile {
  if (format === 'ndjson') return splitNdjson(text);
  if (format === 'json') return splitJson(text);
  if (format === 'csv') return splitCsv(text);
  return splitXml(text);
}

/**
 * Groups the parts into bodies within the ingest API's limits. A part that cannot fit in any
 * body is reported as RECORD_TOO_LARGE (it is far beyond the 32 KiB record limit anyway).
 */
export function* chunkFile(file: SplitFile, errors: RecordError[]): Generator<FileChunk> {
  const frameBytes = Buffer.byteLength(file.prefix) + Buffer.byteLength(file.suffix);
  const separatorBytes = Buffer.byteLength(file.separator);
  const budget = ingestLimits.maxBodyBytes - frameBytes;
  let parts: string[] = [];
  let indexes: number[] = [];
  let bytes = 0;
  const flush = (): FileChunk => {
    const chunk = { body: `${file.prefix}${parts.join(file.separator)}${file.suffix}`, indexes };
    parts = [];
    indexes = [];
    bytes = 0;
    return chunk;
  };
  for (let index = 0; index < file.parts.length; index++) {
    const part = file.parts[index] as string;
    const partBytes = Buffer.byteLength(part);
    if (partBytes > budget) {
      errors.push({
        index,
        path: `[${index}]`,
        code: 'RECORD_TOO_LARGE',
        message: `The record exceeds ${ingestLimits.maxRecordBytes} bytes`,
      });
      continue;
    }
    const extra = parts.length === 0 ? partBytes : partBytes + separatorBytes;
    if (parts.length === ingestLimits.maxRecordsPerRequest || bytes + extra > budget) {
      yield flush();
      bytes = partBytes;
    } else {
      bytes += extra;
    }
    parts.push(part);
    indexes.push(index);
  }
  if (parts.length > 0) yield flush();
}
