/**
 * One factory for every AWS SDK client: retries, timeouts and the stand-in endpoint overrides
 * are decided here, once. Clients are created on first use and reused across invocations.
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

export class AwsClients {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly config: NexusConfig) {}

  private memo<T>(name: string, create: () => T): T {
    if (!this.cache.has(name)) this.cache.set(name, create());
    return this.cache.get(name) as T;
  }

  s3(): S3Client {
    return this.memo('s3', () => {
      const local = this.config.endpointS3 !== undefined;
      return new S3Client({
        ...common(this.config, this.config.endpointS3),
        // The S3 stand-in is path-style only and does not understand the newer default checksums.
        forcePathStyle: local,
        ...(local ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}),
      });
    });
  }

  kinesis(): KinesisClient {
    return this.memo('kinesis', () => new KinesisClient(common(this.config, this.config.endpointKinesis)));
  }

  dynamoDocument(): DynamoDBDocumentClient {
    return this.memo('dynamo', () =>
      DynamoDBDocumentClient.from(new DynamoDBClient(common(this.config, this.config.endpointDynamodb)), {
        marshallOptions: { removeUndefinedValues: true },
      }),
    );
  }

  athena(): AthenaClient {
    return this.memo('athena', () => new AthenaClient(common(this.config, undefined)));
  }

  glue(): GlueClient {
    return this.memo('glue', () => new GlueClient(common(this.config, undefined)));
  }

  sagemakerRuntime(): SageMakerRuntimeClient {
    return this.memo(
      'sagemaker',
      () => new SageMakerRuntimeClient(common(this.config, this.config.endpointSagemakerRuntime)),
    );
  }

  ses(): SESv2Client {
    return this.memo('ses', () => new SESv2Client(common(this.config, this.config.endpointSes)));
  }
}
