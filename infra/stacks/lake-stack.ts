/**
 * Lake: the raw, curated, quarantine and query-result buckets, the Glue databases and the
 * built-in dataset tables (partition projection over the lake writer's layout), the Athena
 * workgroup (enforced result location, KMS, bytes-scanned cutoff) and the lake functions of the
 * topology (the lake writer on the event stream, with its dead-letter queue).
 */
import { Stack } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { eventsDatasetSchema } from '../../shared/domain/catalog/dataset-schema';
import { DomainFunctions } from '../constructs/domain-functions';
import { LakeBucket } from '../constructs/lake-bucket';
import type { LakeCatalogAccess } from '../constructs/resource-bindings';
import { sharedLakeTableInput } from '../constructs/shared-lake-table';
import { type FunctionStackProps, namePrefix } from './nexus-stack-props';

export interface LakeStackProps extends FunctionStackProps {
  readonly accessLogsBucket: IBucket;
  readonly eventStream: IStream;
  readonly idempotencyTable: ITable;
  /** Metric rollups, updated by the lake writer from deduplicated records. */
  readonly rollupTable: ITable;
}

export class LakeStack extends Stack {
  readonly rawBucket: IBucket;
  readonly curatedBucket: IBucket;
  readonly quarantineBucket: IBucket;
  readonly queryResultsBucket: IBucket;
  readonly catalog: LakeCatalogAccess;
  readonly functions: DomainFunctions;

  constructor(scope: Construct, id: string, props: LakeStackProps) {
    super(scope, id, props);
    const { config } = props.deployment;
    this.terminationProtection = config.production;
    const bucket = (id: string, logPrefix: string, retained: boolean) =>
      new LakeBucket(this, id, {
        key: props.placement.dataKey,
        accessLogs: props.accessLogsBucket,
        logPrefix,
        ...(retained ? { lifecycle: config.lake } : { expireAfterDays: 30 }),
      }).bucket;
    this.rawBucket = bucket('RawBucket', 'raw/', true);
    this.curatedBucket = bucket('CuratedBucket', 'curated/', true);
    this.quarantineBucket = bucket('QuarantineBucket', 'quarantine/', true);
    this.queryResultsBucket = bucket('QueryResultsBucket', 'query-results/', false);

    // Glue names allow lowercase letters, digits and underscores only.
    const glueDatabaseName = `${namePrefix(props.deployment)}_lake`.replaceAll('-', '_');
    const lakeDatabase = new CfnDatabase(this, 'GlueDatabase', {
      catalogId: this.account,
      databaseInput: {
        name: glueDatabaseName,
        description: 'Nexus lake: built-in and tenant dataset tables',
      },
    });
    new CfnDatabase(this, 'GlueSandboxDatabase', {
      catalogId: this.account,
      databaseInput: {
        name: `${glueDatabaseName}_sandbox`,
        description:
          'Always empty: default database of tenant queries, so unqualified names never reach the lake',
      },
    });
    const eventsTable = new CfnTable(this, 'EventsTable', {
      catalogId: this.account,
      databaseName: glueDatabaseName,
      tableInput: sharedLakeTableInput(eventsDatasetSchema, this.curatedBucket.bucketName),
    });
    eventsTable.addResourceDependency(lakeDatabase);

    const workgroupName = `${namePrefix(props.deployment)}-queries`;
    new CfnWorkGroup(this, 'AthenaWorkgroup', {
      name: workgroupName,
      description: 'Nexus tenant queries',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQueryMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.queryResultsBucket.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.placement.dataKey.keyArn },
        },
      },
    });
    this.catalog = {
      glueDatabaseName,
      sandboxDatabaseName: `${glueDatabaseName}_sandbox`,
      athenaWorkgroupName: workgroupName,
    };

    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'lake',
      deployment: props.deployment,
      placement: props.placement,
      resources: {
        database: props.database,
        eventStream: props.eventStream,
        rawBucket: this.rawBucket,
        curatedBucket: this.curatedBucket,
        quarantineBucket: this.quarantineBucket,
        queryResultsBucket: this.queryResultsBucket,
        lakeCatalog: this.catalog,
        idempotencyTable: props.idempotencyTable,
        rollupTable: props.rollupTable,
      },
    });
  }
}
