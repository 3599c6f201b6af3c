/** S3 client; path-style and only required checksums against the local stand-in (s3rver). */
import { S3Client } from '@aws-sdk/client-s3';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';

export function s3Client(config: NexusConfig): S3Client {
  const local = config.endpointS3 !== undefined;
  return new S3Client({
    ...clientOptions(config, config.endpointS3),
    forcePathStyle: local,
    ...(local ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}),
  });
}
