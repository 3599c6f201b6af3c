/** SDK clients pointed at the stand-ins, for the local runtime's own use (provisioning, pollers, tests). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { localCredentials, localRegion } from './resources';

const common = { region: localRegion, credentials: localCredentials, maxAttempts: 3 } as const;

/** kinesalite speaks HTTP/1.1 only, so the default (HTTP/2-capable) handler is replaced. */
export function localKinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({ ...common, endpoint, requestHandler: new NodeHttpHandler() });
}

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...common, endpoint, requestHandler: new NodeHttpHandler() });
}

/** s3rver needs path-style addressing and no default request checksums. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    ...common,
    endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler(),
  });
}
