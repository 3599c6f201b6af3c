/**
 * Names of the environment variables Nexus functions read. Infra sets them through
 * `PlatformFunction.bind*`, the local runtime sets them for the stand-ins, and only
 * shared/runtime/config.ts reads them.
 */
export const EnvNames = {
  stage: 'NEXUS_STAGE',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  region: 'AWS_REGION',
  /** Full connection string (local, or any Postgres); wins over the DB_* variables. */
  databaseUrl: 'DATABASE_URL',
  /** RDS Proxy endpoint, database name and IAM user (AWS). */
  dbHost: 'DB_HOST',
  dbPort: 'DB_PORT',
  dbName: 'DB_NAME',
  dbUser: 'DB_USER',
  /** `true` to authenticate to RDS Proxy with an IAM token (AWS). */
  dbIamAuth: 'DB_IAM_AUTH',
  /** `data-api`: statements go over the RDS Data API (HTTPS, IAM) instead of a connection. */
  dbAccess: 'DB_ACCESS',
  /** The Aurora cluster and the secret the Data API signs in with (AWS, `data-api` only). */
  dbClusterArn: 'DB_CLUSTER_ARN',
  dbSecretArn: 'DB_SECRET_ARN',
  /**
   * The application's Data API login and its secret: the schema migrations grant it and set its
   * password on every deployment (AWS, `data-api` stages only).
   */
  dbAppUser: 'DB_APP_USER',
  dbAppSecretArn: 'DB_APP_SECRET_ARN',
  eventStreamName: 'EVENT_STREAM_NAME',
  rawBucket: 'RAW_BUCKET',
  curatedBucket: 'CURATED_BUCKET',
  uploadBucket: 'UPLOAD_BUCKET',
  quarantineBucket: 'QUARANTINE_BUCKET',
  queryResultsBucket: 'QUERY_RESULTS_BUCKET',
  rateLimitTable: 'RATE_LIMIT_TABLE',
  rollupTable: 'ROLLUP_TABLE',
  /** `athena` in AWS, `duckdb` locally. */
  queryEngine: 'QUERY_ENGINE',
  athenaWorkgroup: 'ATHENA_WORKGROUP',
  glueDatabase: 'GLUE_DATABASE',
  tenantQueryRoleArn: 'TENANT_QUERY_ROLE_ARN',
  /** Local only: directory holding the S3 stand-in's buckets, read directly by DuckDB. */
  localLakeDir: 'LOCAL_LAKE_DIR',
  modelEndpointName: 'MODEL_ENDPOINT_NAME',
  /**
   * The deployed variants and their default weights (`champion=0.9,challenger=0.1`), used until
   * the registry holds a split; and how a chosen variant is reached: `endpoint-per-variant`
   * (one Serverless Inference endpoint each, `<endpoint>-<variant>`) or `target-variant` (one
   * endpoint with production variants, e.g. instances or the local endpoint router).
   */
  modelVariants: 'MODEL_VARIANTS',
  modelVariantRouting: 'MODEL_VARIANT_ROUTING',
  mailFrom: 'MAIL_FROM',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** EventBridge Scheduler group of report schedules, the runner they invoke and the role they assume. */
  reportScheduleGroup: 'REPORT_SCHEDULE_GROUP',
  reportRunnerArn: 'REPORT_RUNNER_ARN',
  reportSchedulerRoleArn: 'REPORT_SCHEDULER_ROLE_ARN',
  /** Alert deliveries: the SQS queue, its dead-letter queue and the delivery table (targets, log). */
  deliveryQueueUrl: 'DELIVERY_QUEUE_URL',
  deliveryDeadLetterQueueUrl: 'DELIVERY_DLQ_URL',
  deliveryTable: 'DELIVERY_TABLE',
  /** Base URL of the public API, for links in notifications. */
  publicApiUrl: 'NEXUS_PUBLIC_API_URL',
  /** Issue 12: the bucket of report files too large to attach (links instead). */
  reportFilesBucket: 'REPORT_FILES_BUCKET',
  /** Issue 12: the Secrets Manager secret (ARN) holding the key unsubscribe links are signed with. */
  unsubscribeKeySecretId: 'UNSUBSCRIBE_KEY_SECRET_ID',
  /** Local only: the unsubscribe signing key itself (generated per data directory); wins over the secret. */
  unsubscribeSigningKey: 'NEXUS_UNSUBSCRIBE_SIGNING_KEY',
  /** The secret the bootstrap function writes the first operator and tenant keys to (ARN). */
  bootstrapSecretId: 'BOOTSTRAP_SECRET_ID',
  /** Local only: endpoint overrides for the stand-ins (unset in AWS). */
  endpointS3: 'NEXUS_ENDPOINT_S3',
  endpointKinesis: 'NEXUS_ENDPOINT_KINESIS',
  endpointDynamodb: 'NEXUS_ENDPOINT_DYNAMODB',
  endpointSes: 'NEXUS_ENDPOINT_SES',
  endpointSqs: 'NEXUS_ENDPOINT_SQS',
  endpointSagemakerRuntime: 'NEXUS_ENDPOINT_SAGEMAKER_RUNTIME',
  endpointScheduler: 'NEXUS_ENDPOINT_SCHEDULER',
  /** SageMaker's control plane (variant weights); locally the endpoint router answers it too. */
  endpointSagemaker: 'NEXUS_ENDPOINT_SAGEMAKER',
} as const;

export type EnvName = (typeof EnvNames)[keyof typeof EnvNames];
