/**
 * Use case: grant an API consumer one presigned PUT for a file bigger than the ingest API's
 * request limit. The URL pins the object key (tenant, dataset, a fresh upload id), the content
 * type, the encoding and the exact size, so the client cannot upload elsewhere, other or more.
 */
import * as z from 'zod';
import type { ObjectStore } from '../../ports/object-store';
import type { UploadSigner } from '../../ports/upload-signer';
import type { DatasetSummary } from '../catalog/dataset-schema';
import { datasetNameSchema, eventsDatasetSchema } from '../catalog/dataset-schema';
import { NotFoundError } from '../errors';
import { uploadLimits } from './limits';
import { type UploadContentType, uploadContentTypes, uploadKey } from './upload-key';
import { saveUploadResult } from './upload-result';

/** The POST /v1/uploads body; the size bound is what the presigned URL pins as Content-Length. */
export const createUploadInput = z
  .object({
    dataset: datasetNameSchema.default(eventsDatasetSchema.dataset),
    contentType: z.enum(Object.keys(uploadContentTypes) as [UploadContentType, ...UploadContentType[]]),
    contentEncoding: z.literal('gzip').optional(),
    sizeBytes: z.number().int().min(1).max(uploadLimits.maxFileBytes),
  })
  .strict();

/** A validated upload request. */
export type CreateUploadInput = z.infer<typeof createUploadInput>;

/** Ports of createUpload: the dataset must exist before a URL is signed for it. */
export interface CreateUploadDeps {
  readonly findDataset: (tenantId: string, name: string) => Promise<DatasetSummary | null>;
  readonly signer: UploadSigner;
  readonly objects: ObjectStore;
  readonly uploadBucket: string;
  readonly newId: () => string;
  readonly now: () => Date;
}

/** What the client needs to PUT the file: the URL and the headers it must send unchanged. */
export interface CreatedUpload {
  readonly uploadId: string;
  readonly url: string;
  readonly method: 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
  readonly key: string;
}

/** Signs one PUT for the tenant's file and records the upload as pending. */
export async function createUpload(
  tenantId: string,
  input: CreateUploadInput,
  deps: CreateUploadDeps,
): Promise<CreatedUpload> {
  const dataset = await deps.findDataset(tenantId, input.dataset);
  if (!dataset) {
    throw new NotFoundError(
      'DATASET_NOT_FOUND',
      `Dataset "${input.dataset}" does not exist; register it first`,
      [{ path: 'dataset', message: 'unknown dataset' }],
    );
  }
  const uploadId = deps.newId();
  const key = uploadKey({
    tenantId,
    dataset: dataset.dataset,
    uploadId,
    format: uploadContentTypes[input.contentType],
    gzip: input.contentEncoding === 'gzip',
  });
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + uploadLimits.urlExpirySeconds * 1000).toISOString();
  const signed = await deps.signer.presignPut({
    bucket: deps.uploadBucket,
    key,
    contentType: input.contentType,
    contentLength: input.sizeBytes,
    contentEncoding: input.contentEncoding,
    expiresInSeconds: uploadLimits.urlExpirySeconds,
  });
  // Pending before the URL is handed out, so the file-ingest result always overwrites it.
  await saveUploadResult(deps.objects, deps.uploadBucket, tenantId, {
    uploadId,
    dataset: dataset.dataset,
    key,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt,
  });
  return { uploadId, url: signed.url, method: 'PUT', headers: signed.headers, expiresAt, key };
}
