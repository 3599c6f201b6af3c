/**
 * A data bucket as the lake needs it: KMS-encrypted (bucket keys), public access blocked,
 * TLS-only policy, versioned, server access logs, and a lifecycle that moves data to cheaper
 * storage and expires it after the retention period. Retained when the stack is deleted.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
  TransitionDefaultMinimumObjectSize,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';

export interface LakeBucketLifecycle {
  /** @default skipped: straight from Standard to the next class */
  readonly infrequentAccessAfterDays?: number;
  /** Glacier Instant Retrieval (still readable in milliseconds, e.g. by Athena). @default skipped */
  readonly instantRetrievalAfterDays?: number;
  readonly glacierAfterDays: number;
  readonly retentionDays: number;
}

export interface LakeBucketProps {
  readonly key: IKey;
  readonly accessLogs: IBucket;
  /** Prefix of this bucket's access logs in the log bucket. */
  readonly logPrefix: string;
  /** @default no transitions; noncurrent versions still expire */
  readonly lifecycle?: LakeBucketLifecycle;
  /**
   * Objects with this tag (the lake writer's batch files, which the compactor merges and then
   * deletes) keep a noncurrent version for a day instead of 30. @default none
   */
  readonly batchFileTag?: { readonly key: string; readonly value: string };
  /** Objects expire after this many days (e.g. query results). @default per lifecycle, else never */
  readonly expireAfterDays?: number;
  /** Browsers upload with presigned PUTs (upload bucket). @default false */
  readonly allowPresignedUploads?: boolean;
  /** Send the bucket's events to EventBridge (consumers in other stacks subscribe there). @default false */
  readonly eventBridgeEnabled?: boolean;
}

export class LakeBucket extends Construct {
  readonly bucket: IBucket;

  constructor(scope: Construct, id: string, props: LakeBucketProps) {
    super(scope, id);
    const rules: LifecycleRule[] = [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
    ];
    if (props.batchFileTag)
      rules.push({
        id: 'expire-merged-batch-files',
        tagFilters: { [props.batchFileTag.key]: props.batchFileTag.value },
        noncurrentVersionExpiration: Duration.days(1),
      });
    if (props.lifecycle) {
      rules.push({
        id: 'tier-and-retain',
        transitions: [
          ...(props.lifecycle.infrequentAccessAfterDays === undefined
            ? []
            : [
                {
                  storageClass: StorageClass.INFREQUENT_ACCESS,
                  transitionAfter: Duration.days(props.lifecycle.infrequentAccessAfterDays),
                },
              ]),
          ...(props.lifecycle.instantRetrievalAfterDays === undefined
            ? []
            : [
                {
                  storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
                  transitionAfter: Duration.days(props.lifecycle.instantRetrievalAfterDays),
                },
              ]),
          {
            storageClass: StorageClass.GLACIER,
            transitionAfter: Duration.days(props.lifecycle.glacierAfterDays),
          },
        ],
        expiration: Duration.days(props.lifecycle.retentionDays),
      });
    } else if (props.expireAfterDays !== undefined) {
      rules.push({ id: 'expire', expiration: Duration.days(props.expireAfterDays) });
    }
    // Bucket declares `isWebsite?` where IBucket requires it; exactOptionalPropertyTypes needs the cast.
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.logPrefix,
      lifecycleRules: rules,
      // Small objects (quarantined envelopes; a raw batch file of ~100 KB that compaction has not
      // merged yet) still move on: billed at 128 KB in Standard-IA and Instant Retrieval, they
      // cost less over the retention than Standard, which S3's newer default (no transition under
      // 128 KB) would keep them in. The cost model prices the lake's objects (npm run cost).
      transitionDefaultMinimumObjectSize: TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS,
      removalPolicy: RemovalPolicy.RETAIN,
      eventBridgeEnabled: props.eventBridgeEnabled ?? false,
      ...definedProps({
        cors: props.allowPresignedUploads
          ? [
              {
                allowedMethods: [HttpMethods.PUT],
                allowedOrigins: ['*'],
                allowedHeaders: ['*'],
                maxAge: 3000,
              },
            ]
          : undefined,
      }),
    }) as IBucket;
    if (props.eventBridgeEnabled)
      // CDK sets the EventBridge switch with its singleton notifications handler (one per stack).
      for (const child of Stack.of(this).node.children)
        if (child.node.id.startsWith('BucketNotificationsHandler'))
          Validations.of(child).acknowledge({
            id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            reason:
              'CDK’s own BucketNotificationsHandler (turns on EventBridge delivery at deployment); its role takes only the basic logging policy.',
          });
  }
}
