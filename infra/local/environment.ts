/** The environment variables handlers get locally: every EnvNames entry, pointed at the stand-ins. */
import { randomBytes } from 'node:crypto';
import { type EnvName, EnvNames } from '../../shared/runtime/env-names';
import {
  bucketNames,
  deliveryQueueNames,
  eventStreamName,
  localAccountId,
  localCredentials,
  localRegion,
  localReportScheduling,
  mailFrom,
  postgresDatabase,
  postgresUser,
  tables,
} from './resources';
import type { StandIns } from './stand-ins/start-stand-ins';

/** Where the local model server (the SageMaker container contract) is expected. @default 8080 */
export const defaultModelServerPort = 8080;

export interface LocalEnvironmentOptions {
  /** URL of the local model server, for the SageMaker runtime client. */
  readonly modelServerUrl?: string | undefined;
  /** @default 'INFO' */
  readonly logLevel?: string | undefined;
  /** The EventBridge Scheduler stand-in (it runs in the platform's own process). */
  readonly schedulerEndpoint?: string | undefined;
  /** The SQS stand-in's endpoint and the delivery queues' URLs, once it runs. */
  readonly deliveryQueue?: {
    readonly endpoint: string;
    readonly deliveryQueueUrl: string;
    readonly deliveryDeadLetterQueueUrl: string;
  };
  /** The gateway's URL, for links in notifications. @default http://127.0.0.1:4000 */
  readonly publicApiUrl?: string | undefined;
  /** The key unsubscribe links are signed with. @default a new random key */
  readonly unsubscribeSigningKey?: string | undefined;
}

/**
 * Every variable in EnvNames (the Record type makes a new one a compile error here until it is
 * given a local value), plus the SDK's own credential/region variables, which SDK clients read.
 */
export function localEnvironment(
  standIns: Pick<StandIns, 'databaseUrl' | 'endpoints' | 'lakeDir' | 'ports'>,
  options: LocalEnvironmentOptions = {},
): Record<string, string> {
  const nexus: Record<EnvName, string> = {
    [EnvNames.stage]: 'local',
    [EnvNames.logLevel]: options.logLevel ?? 'INFO',
    [EnvNames.serviceName]: 'nexus',
    [EnvNames.region]: localRegion,
    [EnvNames.databaseUrl]: standIns.databaseUrl,
    // The RDS Proxy variables are AWS-only (DATABASE_URL wins); given for completeness.
    [EnvNames.dbHost]: '127.0.0.1',
    [EnvNames.dbPort]: String(standIns.ports.postgres),
    [EnvNames.dbName]: postgresDatabase,
    [EnvNames.dbUser]: postgresUser,
    [EnvNames.dbIamAuth]: 'false',
    // Locally functions use the connection; the Data API adapter is tested against its stand-in.
    [EnvNames.dbAccess]: 'connection',
    [EnvNames.dbClusterArn]: `arn:aws:rds:${localRegion}:000000000000:cluster:nexus-local`,
    [EnvNames.dbSecretArn]: `arn:aws:secretsmanager:${localRegion}:000000000000:secret:nexus-local-db`,
    // No application login locally (empty reads as unset): the migrations grant nothing.
    [EnvNames.dbAppUser]: '',
    [EnvNames.dbAppSecretArn]: '',
    [EnvNames.eventStreamName]: eventStreamName,
    [EnvNames.rawBucket]: bucketNames.raw,
    [EnvNames.curatedBucket]: bucketNames.curated,
    [EnvNames.uploadBucket]: bucketNames.upload,
    [EnvNames.quarantineBucket]: bucketNames.quarantine,
    [EnvNames.queryResultsBucket]: bucketNames.queryResults,
    [EnvNames.reportFilesBucket]: bucketNames.reportFiles,
    [EnvNames.rateLimitTable]: tables.rateLimits.name,
    [EnvNames.rollupTable]: tables.rollups.name,
    [EnvNames.queryEngine]: 'duckdb',
    [EnvNames.athenaWorkgroup]: 'nexus-local',
    [EnvNames.glueDatabase]: 'nexus_local',
    // Locally the DuckDB sandbox is the storage fence; there is no STS to assume a role with.
    [EnvNames.tenantQueryRoleArn]: 'arn:aws:iam::000000000000:role/nexus-local-tenant-query',
    [EnvNames.localLakeDir]: standIns.lakeDir,
    [EnvNames.modelEndpointName]: 'nexus-anomaly-local',
    // One endpoint (the endpoint router) addressed by TargetVariant; no deployed variants: the
    // router serves its default until the registry holds a split, which callers then choose from.
    [EnvNames.modelVariants]: '',
    [EnvNames.modelVariantRouting]: 'target-variant',
    [EnvNames.mailFrom]: mailFrom,
    [EnvNames.sesConfigurationSet]: 'nexus-local',
    [EnvNames.reportScheduleGroup]: localReportScheduling.groupName,
    [EnvNames.reportRunnerArn]: localReportScheduling.runnerArn,
    [EnvNames.reportSchedulerRoleArn]: localReportScheduling.roleArn,
    [EnvNames.deliveryQueueUrl]:
      options.deliveryQueue?.deliveryQueueUrl ??
      `http://127.0.0.1:4570/${localAccountId}/${deliveryQueueNames.main}`,
    [EnvNames.deliveryDeadLetterQueueUrl]:
      options.deliveryQueue?.deliveryDeadLetterQueueUrl ??
      `http://127.0.0.1:4570/${localAccountId}/${deliveryQueueNames.deadLetter}`,
    [EnvNames.deliveryTable]: tables.deliveries.name,
    [EnvNames.publicApiUrl]: options.publicApiUrl ?? 'http://127.0.0.1:4000',
    // Locally there is no Secrets Manager: the key is given directly (see localSigningKey).
    [EnvNames.unsubscribeKeySecretId]: 'nexus-local/unsubscribe-signing-key',
    [EnvNames.unsubscribeSigningKey]: options.unsubscribeSigningKey ?? randomBytes(32).toString('base64url'),
    // Locally the first keys go to `<dataDir>/local.json` instead (see demo-credentials.ts).
    [EnvNames.bootstrapSecretId]: 'nexus-local/bootstrap-credentials',
    [EnvNames.endpointS3]: standIns.endpoints.s3,
    [EnvNames.endpointKinesis]: standIns.endpoints.kinesis,
    [EnvNames.endpointDynamodb]: standIns.endpoints.dynamodb,
    [EnvNames.endpointSes]: standIns.endpoints.ses,
    [EnvNames.endpointSqs]: options.deliveryQueue?.endpoint ?? 'http://127.0.0.1:4570',
    [EnvNames.endpointSagemakerRuntime]:
      options.modelServerUrl ?? `http://127.0.0.1:${defaultModelServerPort}`,
    [EnvNames.endpointScheduler]: options.schedulerEndpoint ?? 'http://127.0.0.1:1',
    // The endpoint router also answers UpdateEndpointWeightsAndCapacities (SageMaker's control plane).
    [EnvNames.endpointSagemaker]: options.modelServerUrl ?? `http://127.0.0.1:${defaultModelServerPort}`,
  };
  return {
    ...nexus,
    AWS_DEFAULT_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    // Powertools' tracer would try to reach an X-Ray daemon; there is none locally.
    POWERTOOLS_TRACE_ENABLED: 'false',
    // CloudWatch EMF metric lines have no reader locally.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // Node 20 is the project's runtime here; the SDK's "upgrade Node" warning is noise in every process.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
