/** S3 client for presigning uploads: never adds default checksums, which a URL signed before the body exists cannot carry. */
import { S3Client } from '@aws-sdk/client-s3';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';

/** The client S3UploadSigner signs with (local: path-style against s3rver, as s3Client). */
export function s3PresignClient(config: NexusConfig): S3Client {
  return new S3Client({
    ...clientOptions(config, config.endpointS3),
    forcePathStyle: config.endpointS3 !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}
