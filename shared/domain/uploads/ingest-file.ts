/**
 * Use case: one uploaded file in, its valid records on the event stream and a result summary
 * out. Tenant and dataset come from the object key the API signed, never from the content.
 * The file is cut into request-sized bodies and each goes through the ingest API's use case
 * (parse, validate, pack, publish), so a file and a request are held to the same rules.
 *
 * Failures: a file that cannot be read gets a `failed` result naming why; a failure to publish
 * (the stream) is thrown, so the event is retried. Retrying is safe: event ids are the
 * record's own or derived from its content, so a re-published record is dropped by the lake.
 */
import { gunzipSync } from 'node:zlib';
import type { ObjectStore } from '../../ports/object-store';
import { DomainError, PayloadTooLargeError, ValidationError } from '../errors';
import { type IngestDeps, ingestRecords } from '../ingestion/ingest-records';
import type { RecordError } from '../ingestion/types';
import { uploadLimits } from './limits';
import { chunkFile, splitFile } from './split-file';
import { contentTypeOf, parseUploadKey, type UploadKeyParts } from './upload-key';
import { saveUploadResult, type UploadResult } from './upload-result';

/** The ingest API's ports plus the object store the file and its result live in. */
export interface IngestFileDeps extends IngestDeps {
  readonly objects: ObjectStore;
}

/** The object an S3 event names. */
export interface IngestFileRequest {
  readonly bucket: string;
  /** The object key, already URL-decoded. */
  readonly key: string;
}

/** `ignored` for objects that are no upload (or are gone); otherwise the result that was saved. */
export type IngestFileOutcome =
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'ingested'; readonly tenantId: string; readonly result: UploadResult };

/** Undoes gzip (by the key's `.gz` or the magic bytes) with the decompressed-size cap. */
function decode(bytes: Uint8Array, gzip: boolean): string {
  let data = bytes;
  if (gzip || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      data = gunzipSync(bytes, { maxOutputLength: uploadLimits.maxDecompressedBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PayloadTooLargeError(
          'FILE_TOO_LARGE',
          `The file exceeds ${uploadLimits.maxDecompressedBytes} bytes decompressed`,
        );
      }
      throw new ValidationError('MALFORMED_BODY', 'The file is not valid gzip');
    }
  }
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Moves an error of a body to the record's place in the file (`[3].name` → `[2003].name`). */
function inFile(
  error: { index?: number; path: string; code?: string; message: string },
  indexes: readonly number[],
): RecordError {
  const local = error.index ?? 0;
  const index = indexes[local] ?? local;
  return {
    index,
    path: error.path.replace(/^\[\d+\]/, `[${index}]`),
    code: error.code ?? 'INVALID_RECORD',
    message: error.message,
  };
}

interface Tally {
  records: number;
  duplicates: number;
  readonly eventIds: Set<string>;
  readonly rejectedIndexes: Set<number>;
  readonly errors: RecordError[];
}

function addError(tally: Tally, error: RecordError): void {
  tally.rejectedIndexes.add(error.index);
  if (tally.errors.length < uploadLimits.maxReportedErrors) tally.errors.push(error);
}

async function ingestChunks(
  upload: UploadKeyParts,
  text: string,
  deps: IngestDeps,
  tally: Tally,
): Promise<void> {
  const file = splitFile(text, upload.format);
  tally.records = file.parts.length;
  if (file.parts.length > uploadLimits.maxRecordsPerFile) {
    throw new PayloadTooLargeError(
      'TOO_MANY_RECORDS',
      `${file.parts.length} records in the file; at most ${uploadLimits.maxRecordsPerFile} per file`,
    );
  }
  const tooLarge: RecordError[] = [];
  for (const chunk of chunkFile(file, tooLarge)) {
    for (const error of tooLarge.splice(0)) addError(tally, error);
    try {
      const result = await ingestRecords(
        {
          tenantId: upload.tenantId,
          dataset: upload.dataset,
          body: Buffer.from(chunk.body, 'utf8'),
          contentType: contentTypeOf(upload.format),
        },
        deps,
      );
      for (const error of result.errors) addError(tally, inFile(error, chunk.indexes));
      tally.duplicates += result.duplicates;
      for (const id of result.eventIds) {
        if (tally.eventIds.has(id)) tally.duplicates++;
        else tally.eventIds.add(id);
      }
    } catch (error) {
      // A body with no valid record: its records are rejected, the file goes on.
      if (!(error instanceof ValidationError) || error.code !== 'NO_VALID_RECORDS') throw error;
      for (const detail of error.details) addError(tally, inFile(detail, chunk.indexes));
    }
  }
  for (const error of tooLarge) addError(tally, error);
  if (tally.eventIds.size === 0) {
    throw new ValidationError('NO_VALID_RECORDS', `None of the ${tally.records} record(s) is valid`);
  }
}

/**
 * Ingests one uploaded object and saves its result. Throws only for failures worth retrying
 * (anything that is not a DomainError, e.g. the stream); every file-level problem is a result.
 */
export async function ingestFile(
  request: IngestFileRequest,
  deps: IngestFileDeps,
): Promise<IngestFileOutcome> {
  const upload = parseUploadKey(request.key);
  if (!upload) return { kind: 'ignored', reason: 'not an upload key' };
  const bytes = await deps.objects.get(request.bucket, request.key);
  // Deleted before we ran (a later event for the same key will carry the new object).
  if (!bytes) return { kind: 'ignored', reason: 'object not found' };

  const tally: Tally = {
    records: 0,
    duplicates: 0,
    eventIds: new Set(),
    rejectedIndexes: new Set(),
    errors: [],
  };
  let failure: UploadResult['failure'];
  try {
    if (bytes.byteLength > uploadLimits.maxFileBytes) {
      throw new PayloadTooLargeError('FILE_TOO_LARGE', `The file exceeds ${uploadLimits.maxFileBytes} bytes`);
    }
    await ingestChunks(upload, decode(bytes, upload.gzip), deps, tally);
  } catch (error) {
    // Domain errors are about the file and final; anything else (the stream) is retried.
    if (!(error instanceof DomainError)) throw error;
    failure = { code: error.code, message: error.message };
  }
  tally.errors.sort((a, b) => a.index - b.index);
  const result: UploadResult = {
    uploadId: upload.uploadId,
    dataset: upload.dataset,
    key: request.key,
    status: failure ? 'failed' : 'processed',
    processedAt: deps.now().toISOString(),
    records: tally.records,
    accepted: tally.eventIds.size,
    rejected: tally.rejectedIndexes.size,
    duplicates: tally.duplicates,
    errors: tally.errors,
    failure,
  };
  await saveUploadResult(deps.objects, request.bucket, upload.tenantId, result);
  return { kind: 'ingested', tenantId: upload.tenantId, result };
}
