/** Objects in the platform's buckets: S3 (s3rver locally). Bucket names come from each function's needs. */
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import type { ObjectStore } from '../ports/object-store';
import { s3Client } from './clients/s3-client';
import { type Runtime, runtime } from './runtime';

export function objectStore(rt: Runtime = runtime()): ObjectStore {
  return new S3ObjectStore(rt.client(s3Client));
}
