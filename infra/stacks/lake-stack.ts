/**
 * Lake (a data stack: a code deploy never updates it): the event stream (`EventStream`), the
 * upload bucket for presigned uploads (its events go to EventBridge, so the file-ingest function
 * in its own stack subscribes without this stack knowing it), the raw, curated, quarantine and
 * query-result buckets, the Glue databases and the built-in dataset tables (partition projection
 * over the lake writer's layout), and the Athena workgroup (per-tenant result locations, KMS,
 * bytes-scanned cutoff). Functions find these through SSM parameters and physical names.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { eventsDatasetSchema } from '../../shared/domain/catalog/dataset-schema';
import { definedProps } from '../../shared/domain/defined-props';
import { BATCH_FILE_TAG } from '../../shared/domain/lake/lake-layout';
import type { Deployment } from '../config/deployment-config';
import { physicalNames } from '../config/physical-names';
import { EventStream } from '../constructs/event-stream';
import { LakeBucket } from '../constructs/lake-bucket';
import type { LakeCatalogAccess } from '../constructs/resource-bindings';
import { sharedLakeTableInput } from '../constructs/shared-lake-table';
import { publishValue, readValue, type SharedValue } from '../constructs/shared-parameters';

export interface LakeStackProps extends StackProps {
  readonly deployment: Deployment;
}

export class LakeStack extends Stack {
  readonly eventStream: EventStream;
  readonly uploadBucket: IBucket;
  readonly rawBucket: IBucket;
  readonly curatedBucket: IBucket;
  readonly quarantineBucket: IBucket;
  readonly queryResultsBucket: IBucket;
  readonly catalog: LakeCatalogAccess;

  constructor(scope: Construct, id: string, props: LakeStackProps) {
    super(scope, id, props);
    const { config } = props.deployment;
    const names = physicalNames(props.deployment);
    this.terminationProtection = config.production;
    const publish = (key: SharedValue, value: string) => publishValue(this, props.deployment, key, value);
    // From the Platform stack by SSM parameter, like every other cross-stack value (no exports).
    const dataKey = Key.fromKeyArn(this, 'DataKey', readValue(this, props.deployment, 'data-key-arn'));
    const accessLogsBucket = Bucket.fromBucketName(
      this,
      'AccessLogs',
      readValue(this, props.deployment, 'access-logs-bucket-name'),
    );

    const stream = config.eventStream;
    this.eventStream = new EventStream(this, 'EventStream', {
      streamName: names.eventStream,
      encryptionKey: dataKey,
      mode: stream.mode === 'on-demand' ? StreamMode.ON_DEMAND : StreamMode.PROVISIONED,
      shardCount: stream.shards,
      retentionPeriod: Duration.hours(stream.retentionHours),
    });

    // Quarantined objects are only ever replayed: Standard-IA, then Glacier. Raw objects too, merged
    // into one per partition-hour by the lake-compactor: Standard, then straight to Glacier (at
    // Standard-IA's price a year of raw data cost more than the curated zone). Curated objects stay
    // readable by Athena on Glacier Instant Retrieval in between (issue 13).
    const { instantRetrievalAfterDays, rawGlacierAfterDays, ...archived } = config.lake;
    const lifecycles = {
      curated: { ...archived, instantRetrievalAfterDays },
      raw: { glacierAfterDays: rawGlacierAfterDays, retentionDays: archived.retentionDays },
      archived,
    };
    const bucket = (id: string, logPrefix: string, retained: keyof typeof lifecycles | false) =>
      new LakeBucket(this, id, {
        key: dataKey,
        accessLogs: accessLogsBucket,
        logPrefix,
        ...(retained ? { lifecycle: lifecycles[retained] } : { expireAfterDays: 30 }),
        ...definedProps({
          batchFileTag: retained === 'curated' || retained === 'raw' ? BATCH_FILE_TAG : undefined,
        }),
      }).bucket;
    this.uploadBucket = new LakeBucket(this, 'UploadBucket', {
      key: dataKey,
      accessLogs: accessLogsBucket,
      logPrefix: 'upload/',
      // Uploads are staging: once ingested they live in the lake.
      expireAfterDays: 7,
      allowPresignedUploads: true,
      eventBridgeEnabled: true,
    }).bucket;
    this.rawBucket = bucket('RawBucket', 'raw/', 'raw');
    this.curatedBucket = bucket('CuratedBucket', 'curated/', 'curated');
    this.quarantineBucket = bucket('QuarantineBucket', 'quarantine/', 'archived');
    this.queryResultsBucket = bucket('QueryResultsBucket', 'query-results/', false);
    publish('upload-bucket-name', this.uploadBucket.bucketName);
    publish('raw-bucket-name', this.rawBucket.bucketName);
    publish('curated-bucket-name', this.curatedBucket.bucketName);
    publish('quarantine-bucket-name', this.quarantineBucket.bucketName);
    publish('query-results-bucket-name', this.queryResultsBucket.bucketName);
    // Issue 12: report files too large to attach, linked from the email (presigned for 7 days).
    const reportFilesBucket = new LakeBucket(this, 'ReportFilesBucket', {
      key: dataKey,
      accessLogs: accessLogsBucket,
      logPrefix: 'report-files/',
      expireAfterDays: 7,
    }).bucket;
    publish('report-files-bucket-name', reportFilesBucket.bucketName);

    const lakeDatabase = new CfnDatabase(this, 'GlueDatabase', {
      catalogId: this.account,
      databaseInput: {
        name: names.glueDatabase,
        description: 'Nexus lake: built-in and tenant dataset tables',
      },
    });
    new CfnDatabase(this, 'GlueSandboxDatabase', {
      catalogId: this.account,
      databaseInput: {
        name: names.glueSandboxDatabase,
        description:
          'Always empty: default database of tenant queries, so unqualified names never reach the lake',
      },
    });
    const eventsTable = new CfnTable(this, 'EventsTable', {
      catalogId: this.account,
      databaseName: names.glueDatabase,
      tableInput: sharedLakeTableInput(eventsDatasetSchema, this.curatedBucket.bucketName),
    });
    eventsTable.addResourceDependency(lakeDatabase);

    new CfnWorkGroup(this, 'AthenaWorkgroup', {
      name: names.athenaWorkgroup,
      description: 'Nexus tenant queries',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        // Off so each start's per-tenant OutputLocation (athena/tenant=<id>/) is honoured: the
        // tenant-query session may write only there. The cutoff and SSE-KMS still apply.
        enforceWorkGroupConfiguration: false,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQueryMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.queryResultsBucket.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: dataKey.keyArn },
        },
      },
    });
    this.catalog = {
      glueDatabaseName: names.glueDatabase,
      sandboxDatabaseName: names.glueSandboxDatabase,
      athenaWorkgroupName: names.athenaWorkgroup,
    };
  }
}
