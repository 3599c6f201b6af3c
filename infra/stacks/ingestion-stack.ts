/**
 * Ingestion: the Kinesis event stream (KMS, on-demand or provisioned), the upload bucket for
 * presigned file uploads, and the ingestion functions of the topology (the ingest handler and
 * the API key authorizer). Their routes are served by the REST API in the Api stack.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DomainFunctions } from '../constructs/domain-functions';
import { LakeBucket } from '../constructs/lake-bucket';
import { type FunctionStackProps } from './nexus-stack-props';

export interface IngestionStackProps extends FunctionStackProps {
  readonly accessLogsBucket: IBucket;
}

export class IngestionStack extends Stack {
  readonly eventStream: Stream;
  readonly uploadBucket: IBucket;
  readonly functions: DomainFunctions;

  constructor(scope: Construct, id: string, props: IngestionStackProps) {
    super(scope, id, props);
    const { config } = props.deployment;
    const stream = config.eventStream;
    this.eventStream = new Stream(this, 'EventStream', {
      encryption: StreamEncryption.KMS,
      encryptionKey: props.placement.dataKey,
      retentionPeriod: Duration.hours(stream.retentionHours),
      ...(stream.mode === 'on-demand'
        ? { streamMode: StreamMode.ON_DEMAND }
        : { streamMode: StreamMode.PROVISIONED, shardCount: stream.shards }),
    });
    Validations.of(this.eventStream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        'The stream is encrypted with the platform’s customer-managed data key (imported from the Platform stack), not aws/kinesis; nag cannot resolve the cross-stack key reference.',
    });
    this.uploadBucket = new LakeBucket(this, 'UploadBucket', {
      key: props.placement.dataKey,
      accessLogs: props.accessLogsBucket,
      logPrefix: 'upload/',
      // Uploads are staging: once ingested they live in the lake.
      expireAfterDays: 7,
      allowPresignedUploads: true,
    }).bucket;
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'ingestion',
      deployment: props.deployment,
      placement: props.placement,
      resources: { database: props.database, eventStream: this.eventStream, uploadBucket: this.uploadBucket },
    });
  }
}
