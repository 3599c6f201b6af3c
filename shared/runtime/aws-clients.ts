/**
 * One factory per AWS SDK client: retries, timeouts and the stand-in endpoint overrides are
 * decided here, once. Free functions rather than one class, so each function's bundle carries
 * only the clients it uses (esbuild drops unused exports; it cannot drop unused class methods).
 * Callers memoise them per container through `Runtime.memo`.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GlueClient } from '@aws-sdk/client-glue';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { NexusConfig } from './config';

const requestTimeoutMs = 10_000;
const connectionTimeoutMs = 3_000;
/** SageMaker real-time inference answers in seconds; API Gateway gives up after 29 s. */
const inferenceTimeoutMs = 25_000;

function common(config: NexusConfig, endpoint: string | undefined) {
  return {
    region: config.region,
    maxAttempts: 4,
    ...(endpoint ? { endpoint } : {}),
    // HTTP/1.1 with explicit timeouts; some stand-ins (kinesalite) speak nothing else.
    requestHandler: new NodeHttpHandler({
      requestTimeout: requestTimeoutMs,
      connectionTimeout: connectionTimeoutMs,
    }),
  };
}

/** S3; path-style and only required checksums against the local stand-in (s3rver). */
export function s3Client(config: NexusConfig): S3Client {
  const local = config.endpointS3 !== undefined;
  return new S3Client({
    ...common(config, config.endpointS3),
    forcePathStyle: local,
    ...(local ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}),
  });
}

export function kinesisClient(config: NexusConfig): KinesisClient {
  return new KinesisClient(common(config, config.endpointKinesis));
}

export function dynamoDocumentClient(config: NexusConfig): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(common(config, config.endpointDynamodb)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function athenaClient(config: NexusConfig): AthenaClient {
  return new AthenaClient(common(config, undefined));
}

export function glueClient(config: NexusConfig): GlueClient {
  return new GlueClient(common(config, undefined));
}

/**
 * Inference can take seconds (up to 100k points per request), so this client waits longer than
 * the others yet ends within API Gateway's 29 s integration timeout; one retry at most, since a
 * timed-out invocation is expensive to repeat.
 */
export function sagemakerRuntimeClient(config: NexusConfig): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    ...common(config, config.endpointSagemakerRuntime),
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler({
      requestTimeout: inferenceTimeoutMs,
      connectionTimeout: connectionTimeoutMs,
    }),
  });
}

export function sesClient(config: NexusConfig): SESv2Client {
  return new SESv2Client(common(config, config.endpointSes));
}
