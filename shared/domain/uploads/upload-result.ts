/**
 * The result summary of an upload, kept as a small JSON object in the upload bucket: written
 * `pending` when the upload is created and overwritten by the file-ingest function, so a
 * client can poll `GET /v1/uploads/{uploadId}` and no file is ever dropped without a trace.
 */
import * as z from 'zod';
import type { ObjectStore } from '../../ports/object-store';
import { NotFoundError } from '../errors';
import type { RecordError } from '../ingestion/types';
import { resultKey } from './upload-key';

/** `pending` until the file-ingest function has read the file. */
export type UploadStatus = 'pending' | 'processed' | 'failed';

/** The summary a client polls; counts are complete, errors are the first ones only. */
export interface UploadResult {
  readonly uploadId: string;
  readonly dataset: string;
  readonly key: string;
  readonly status: UploadStatus;
  readonly createdAt?: string;
  readonly expiresAt?: string;
  readonly processedAt?: string;
  /** Records read from the file (valid or not). */
  readonly records?: number;
  /** Distinct records published (a record repeated in the file counts once). */
  readonly accepted?: number;
  readonly rejected?: number;
  readonly duplicates?: number;
  /** The first record errors, by record index in the file; `rejected` has the full count. */
  readonly errors?: readonly RecordError[];
  /** Why a file was not ingested at all (`failed`). */
  readonly failure?: { readonly code: string; readonly message: string } | undefined;
}

/** Stores a result summary; it is replaced whole, never merged. */
export async function saveUploadResult(
  objects: ObjectStore,
  bucket: string,
  tenantId: string,
  result: UploadResult,
): Promise<void> {
  await objects.put(bucket, resultKey(tenantId, result.uploadId), JSON.stringify(result), 'application/json');
}

/** Where results are kept. */
export interface UploadStatusDeps {
  readonly objects: ObjectStore;
  readonly uploadBucket: string;
}

/** The tenant's upload by id: the tenant is part of the result's key, so no other tenant's is reachable. */
export async function getUploadStatus(
  tenantId: string,
  uploadId: string,
  deps: UploadStatusDeps,
): Promise<UploadResult> {
  const notFound = () => new NotFoundError('UPLOAD_NOT_FOUND', `Upload "${uploadId}" does not exist`);
  if (!z.uuid().safeParse(uploadId).success) throw notFound();
  const bytes = await deps.objects.get(deps.uploadBucket, resultKey(tenantId, uploadId));
  if (!bytes) throw notFound();
  return JSON.parse(new TextDecoder().decode(bytes)) as UploadResult;
}
