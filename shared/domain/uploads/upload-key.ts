/**
 * Where an upload lives in the upload bucket. The key carries the tenant and the dataset, so
 * the file-ingest function takes them from the key the API signed, never from the file.
 */
import * as z from 'zod';
import { datasetNameSchema } from '../catalog/dataset-schema';

/** The formats a file may hold, by the media type the client declares (and signs). */
export const uploadContentTypes = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'text/csv': 'csv',
  'application/xml': 'xml',
} as const;

/** A media type an upload may declare; it is signed into the URL. */
export type UploadContentType = keyof typeof uploadContentTypes;
/** How the file-ingest function cuts the file into records. */
export type UploadFormat = (typeof uploadContentTypes)[UploadContentType];

const contentTypeByFormat = Object.fromEntries(
  Object.entries(uploadContentTypes).map(([type, format]) => [format, type]),
) as Record<UploadFormat, UploadContentType>;

/** The media type a format is fed to the ingest use case with. */
export function contentTypeOf(format: UploadFormat): UploadContentType {
  return contentTypeByFormat[format];
}

/** What an upload key carries; the tenant in it is the only tenant the file is ingested for. */
export interface UploadKeyParts {
  readonly tenantId: string;
  readonly dataset: string;
  readonly uploadId: string;
  readonly format: UploadFormat;
  readonly gzip: boolean;
}

/** The prefix the file-ingest function's S3 event source listens on. */
export const uploadsPrefix = 'uploads/';

const uuid = z.uuid();
const keyPattern = /^uploads\/tenant=([^/]+)\/dataset=([^/]+)\/([^/.]+)\.(json|ndjson|csv|xml)(\.gz)?$/;

/** `uploads/tenant=<t>/dataset=<d>/<uploadId>.<ext>[.gz]`: Hive-style, readable in a listing. */
export function uploadKey(parts: UploadKeyParts): string {
  return `${uploadsPrefix}tenant=${parts.tenantId}/dataset=${parts.dataset}/${parts.uploadId}.${parts.format}${
    parts.gzip ? '.gz' : ''
  }`;
}

/**
 * The parts of an upload key, or null for a key the API never signs (an object put in the
 * bucket by other means must not be ingested under a tenant it names).
 */
export function parseUploadKey(key: string): UploadKeyParts | null {
  const match = keyPattern.exec(key);
  if (!match) return null;
  const [, tenantId, dataset, uploadId, format, gz] = match;
  if (!uuid.safeParse(tenantId).success || !uuid.safeParse(uploadId).success) return null;
  if (!datasetNameSchema.safeParse(dataset).success) return null;
  return {
    tenantId: tenantId as string,
    dataset: dataset as string,
    uploadId: uploadId as string,
    format: format as UploadFormat,
    gzip: gz !== undefined,
  };
}

/** The result summary of an upload: outside `uploads/`, so writing it triggers nothing. */
export function resultKey(tenantId: string, uploadId: string): string {
  return `results/${tenantId}/${uploadId}.json`;
}
