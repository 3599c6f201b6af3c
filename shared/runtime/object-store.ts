/** Objects in the platform's buckets: S3 (s3rver locally). Bucket names come from each function's needs. */
import { S3ObjectCleanup } from '../adapters/aws/s3-object-cleanup';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import type { ObjectCleanup } from '../ports/object-cleanup';
import type { ObjectStore } from '../ports/object-store';
import { s3Client } from './clients/s3-client';
import { type Runtime, runtime } from './runtime';

export function objectStore(rt: Runtime = runtime()): ObjectStore {
  return new S3ObjectStore(rt.client(s3Client));
}

/** Listing and deleting under a prefix, for the compactor's garbage collection. */
export function objectCleanup(rt: Runtime = runtime()): ObjectCleanup {
  return new S3ObjectCleanup(rt.client(s3Client));
}
