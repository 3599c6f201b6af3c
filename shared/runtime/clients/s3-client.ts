/** S3 clients; path-style and only required checksums against the local stand-in (s3rver). */
import { S3Client } from '@aws-sdk/client-s3';
import { definedProps } from '../../domain/defined-props';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

function buildS3Client(config: NexusConfig, onlyRequiredChecksums: boolean): S3Client {
  return traced(
    new S3Client({
      ...clientOptions(config, config.endpointS3),
      forcePathStyle: config.endpointS3 !== undefined,
      ...definedProps({
        requestChecksumCalculation: onlyRequiredChecksums ? ('WHEN_REQUIRED' as const) : undefined,
      }),
    }),
  );
}

/** Reads and writes objects; the stand-in does not understand the SDK's newer default checksums. */
export function s3Client(config: NexusConfig): S3Client {
  return buildS3Client(config, config.endpointS3 !== undefined);
}

/**
 * The client S3UploadSigner signs with: never adds default checksums, which a URL signed before
 * the body exists cannot carry.
 */
export function s3PresignClient(config: NexusConfig): S3Client {
  return buildS3Client(config, true);
}
