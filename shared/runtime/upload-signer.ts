/** Presigned S3 PUTs for uploads, signed with the client that adds no checksums a client cannot send. */
import { S3UploadSigner } from '../adapters/aws/s3-upload-signer';
import type { UploadSigner } from '../ports/upload-signer';
import { s3PresignClient } from './clients/s3-client';
import { type Runtime, runtime } from './runtime';

export function uploadSigner(rt: Runtime = runtime()): UploadSigner {
  return new S3UploadSigner(rt.client(s3PresignClient));
}
