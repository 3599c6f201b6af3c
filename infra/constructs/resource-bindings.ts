/**
 * Turns a topology `ResourceNeed` into environment variables and least-privilege IAM grants on a
 * PlatformFunction. The record below is exhaustive over ResourceNeed, so a new need in the
 * topology is a compile error here until infra knows how to provide it.
 */
import { Arn, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { definedProps } from '../../shared/domain/defined-props';
import { formatDeployedVariants } from '../../shared/domain/models/variant-routed-endpoint';
import { EnvNames } from '../../shared/runtime/env-names';
import type { Domain, ResourceNeed } from '../../shared/topology';
import type { ModelServing } from '../config/stage-resources';
import {
  acknowledgeWildcardResource,
  type BucketAccess,
  grantBucket,
  grantStream,
  grantTable,
} from './explicit-grants';
import type { PlatformFunction } from './platform-function';
import { TenantQueryRole } from './tenant-query-role';

export interface DatabaseAccess {
  /** RDS Proxy's endpoint, or the cluster's writer endpoint in stages without a proxy. */
  readonly host: string;
  readonly databaseName: string;
  /** The database user functions connect as (IAM auth). */
  readonly user: string;
  readonly port: number;
  /** Grants `rds-db:connect` as `user`, on the proxy or on the cluster. */
  readonly grantConnect: (grantee: IFunction) => void;
  /**
   * In `data-api` stages: the cluster, and the secret (encrypted with `key`) of the application's
   * login `appUser` the Data API signs in with (never the admin's).
   */
  readonly dataApi?: {
    readonly clusterArn: string;
    readonly secretArn: string;
    readonly key: IKey;
    readonly appUser: string;
  };
}

/** The Data API calls the adapter makes (shared/adapters/aws/sdk-commands.ts `data-api-pool`), on the one cluster. */
const dataApiActions = [
  'rds-data:BeginTransaction',
  'rds-data:CommitTransaction',
  'rds-data:ExecuteStatement',
  'rds-data:RollbackTransaction',
];

export interface LakeCatalogAccess {
  readonly glueDatabaseName: string;
  /** Empty database Athena queries default to (see AthenaQueryEngine). */
  readonly sandboxDatabaseName: string;
  readonly athenaWorkgroupName: string;
}

/**
 * The model's serving (infra/config/stage-resources.ts `modelServing`): endpoint names are
 * lowercase, as SageMaker ARNs spell them (IAM compares ARNs case-sensitively).
 */
export type ModelEndpointAccess = ModelServing;

export interface MailerAccess {
  readonly identityName: string;
  readonly fromAddress: string;
  readonly configurationSetName: string;
}

/** The report schedules' group, the role EventBridge Scheduler assumes, the runner it invokes. */
export interface ReportSchedulerAccess {
  readonly groupName: string;
  readonly roleArn: string;
  readonly runnerArn: string;
}

/** Everything a function may need; each domain stack passes the part it was given. */
export interface NexusResources {
  readonly database?: DatabaseAccess;
  readonly eventStream?: IStream;
  readonly rawBucket?: IBucket;
  readonly curatedBucket?: IBucket;
  readonly uploadBucket?: IBucket;
  readonly quarantineBucket?: IBucket;
  readonly queryResultsBucket?: IBucket;
  /** Report files too large to attach (issue 12). */
  readonly reportFilesBucket?: IBucket;
  readonly lakeCatalog?: LakeCatalogAccess;
  readonly rateLimitTable?: ITable;
  readonly rollupTable?: ITable;
  readonly deliveryTable?: ITable;
  readonly deliveryQueue?: IQueue;
  readonly deliveryDeadLetterQueue?: IQueue;
  /** Base URL of the public API, for links in notifications. */
  readonly publicApiUrl?: string;
  readonly modelEndpoint?: ModelEndpointAccess;
  readonly mailer?: MailerAccess;
  readonly reportScheduler?: ReportSchedulerAccess;
  /** The secret the bootstrap function writes the first keys to, and the key encrypting it. */
  readonly bootstrapSecret?: { readonly secretArn: string; readonly key: IKey };
  /** The secret unsubscribe links are signed with, and the key encrypting it (issue 12). */
  readonly unsubscribeKey?: { readonly secretArn: string; readonly key: IKey };
  /** Physical name of a function stack's tenant-query role (see TenantQueryRole). */
  readonly tenantQueryRoleName?: (domain: Domain) => string;
}

/** The registry's endpoint name, the deployed variants and how a chosen variant is reached. */
function setModelEnv(fn: PlatformFunction, serving: ModelServing): void {
  fn.setEnv(EnvNames.modelEndpointName, serving.endpointName);
  fn.setEnv(EnvNames.modelVariants, formatDeployedVariants(serving.variants));
  fn.setEnv(EnvNames.modelVariantRouting, serving.routing);
}

/** `rds-db:connect` as `user` straight to the cluster named by its resource id (stages without RDS Proxy). */
export function grantClusterConnect(grantee: IFunction, clusterResourceId: string, user: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['rds-db:connect'],
      resources: [
        Arn.format(
          {
            service: 'rds-db',
            resource: 'dbuser',
            resourceName: `${clusterResourceId}/${user}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          },
          Stack.of(grantee),
        ),
      ],
    }),
  );
}

function need<T>(value: T | undefined, what: string, fn: PlatformFunction): T {
  if (value === undefined)
    throw new Error(`Function ${fn.spec.name} needs ${what}, but its stack was not given it (typed props)`);
  return value;
}

type Binder = (fn: PlatformFunction, r: NexusResources) => void;

const bindBucket =
  (
    key:
      | 'rawBucket'
      | 'curatedBucket'
      | 'uploadBucket'
      | 'quarantineBucket'
      | 'queryResultsBucket'
      | 'reportFilesBucket',
    mode: BucketAccess,
  ): Binder =>
  (fn, r) => {
    const bucket = need(r[key], key, fn);
    fn.setEnv(EnvNames[key], bucket.bucketName);
    grantBucket(fn, bucket, mode);
  };

const bindTable =
  (key: 'rateLimitTable' | 'rollupTable' | 'deliveryTable', actions?: readonly string[]): Binder =>
  (fn, r) => {
    const table = need(r[key], key, fn);
    fn.setEnv(EnvNames[key], table.tableName);
    grantTable(fn, table, actions);
  };

/** Athena and Glue actions scoped to the workgroup, the catalog and the lake's databases. */
function glueArns(fn: PlatformFunction, catalog: LakeCatalogAccess): string[] {
  const stack = Stack.of(fn);
  const arn = (resource: string, resourceName?: string) =>
    Arn.format(definedProps({ service: 'glue', resource, resourceName }), stack);
  const tables = arn('table', `${catalog.glueDatabaseName}/*`);
  acknowledgeWildcardResource(
    fn,
    tables,
    'Tenant datasets get Glue tables at run time, so the names are not known at deploy time; scoped to the lake database.',
  );
  return [
    arn('catalog'),
    arn('database', catalog.glueDatabaseName),
    arn('database', catalog.sandboxDatabaseName),
    tables,
  ];
}

/** SQS's send grant on a KMS-encrypted queue names `kms:GenerateDataKey*` and `kms:ReEncrypt*`. */
function acknowledgeQueueKeyGrant(fn: PlatformFunction): void {
  const reason = 'Emitted by the SQS grant on the KMS-encrypted delivery queues; scoped to the data key.';
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
    { id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason },
  );
}

const binders: Record<ResourceNeed, Binder> = {
  database: (fn, r) => {
    const db = need(r.database, 'the database', fn);
    if (db.dataApi && fn.spec.databaseConnection !== true) {
      // Statements over HTTPS with the function's IAM role: the cluster only, and its one secret.
      fn.setEnv(EnvNames.dbAccess, 'data-api');
      fn.setEnv(EnvNames.dbName, db.databaseName);
      fn.setEnv(EnvNames.dbClusterArn, db.dataApi.clusterArn);
      fn.setEnv(EnvNames.dbSecretArn, db.dataApi.secretArn);
      fn.fn.addToRolePolicy(
        new PolicyStatement({ actions: dataApiActions, resources: [db.dataApi.clusterArn] }),
      );
      grantSecretRead(fn, db.dataApi);
      return;
    }
    if (db.dataApi) {
      // The migrations grant the application's login and set its password from its secret.
      fn.setEnv(EnvNames.dbAppUser, db.dataApi.appUser);
      fn.setEnv(EnvNames.dbAppSecretArn, db.dataApi.secretArn);
      grantSecretRead(fn, db.dataApi);
    }
    fn.setEnv(EnvNames.dbHost, db.host);
    fn.setEnv(EnvNames.dbPort, String(db.port));
    fn.setEnv(EnvNames.dbName, db.databaseName);
    fn.setEnv(EnvNames.dbUser, db.user);
    fn.setEnv(EnvNames.dbIamAuth, 'true');
    // Lambda's Node.js runtime ships the RDS certificate bundle here but no longer loads it by default.
    fn.setEnv('NODE_EXTRA_CA_CERTS', '/var/runtime/ca-cert.pem');
    db.grantConnect(fn.fn);
  },
  'eventStream:write': (fn, r) => {
    const stream = need(r.eventStream, 'the event stream', fn);
    fn.setEnv(EnvNames.eventStreamName, stream.streamName);
    grantStream(fn, stream, 'write');
  },
  'eventStream:read': (fn, r) => {
    const stream = need(r.eventStream, 'the event stream', fn);
    fn.setEnv(EnvNames.eventStreamName, stream.streamName);
    grantStream(fn, stream, 'read');
  },
  'rawBucket:write': bindBucket('rawBucket', 'write'),
  'rawBucket:compact': bindBucket('rawBucket', 'readWrite'),
  'curatedBucket:read': bindBucket('curatedBucket', 'read'),
  'curatedBucket:write': bindBucket('curatedBucket', 'write'),
  'curatedBucket:compact': bindBucket('curatedBucket', 'readWrite'),
  'uploadBucket:read': bindBucket('uploadBucket', 'read'),
  'uploadBucket:write': bindBucket('uploadBucket', 'write'),
  'quarantineBucket:write': bindBucket('quarantineBucket', 'write'),
  'queryResultsBucket:readWrite': bindBucket('queryResultsBucket', 'readWrite'),
  queryEngine: (fn, r) => {
    const catalog = need(r.lakeCatalog, 'the lake catalog', fn);
    const stack = Stack.of(fn);
    fn.setEnv(EnvNames.queryEngine, 'athena');
    fn.setEnv(EnvNames.athenaWorkgroup, catalog.athenaWorkgroupName);
    fn.setEnv(EnvNames.glueDatabase, catalog.glueDatabaseName);
    // Tenant queries run on this role with the tenant's session policy, never on the function's own.
    const tenantRole = TenantQueryRole.of(fn, {
      roleName: need(r.tenantQueryRoleName, 'the tenant-query role name', fn)(fn.spec.domain),
      catalog,
      curatedBucket: need(r.curatedBucket, 'curatedBucket', fn),
      queryResultsBucket: need(r.queryResultsBucket, 'queryResultsBucket', fn),
    });
    tenantRole.trust(fn);
    fn.setEnv(EnvNames.tenantQueryRoleArn, tenantRole.roleArn);
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [
          Arn.format(
            { service: 'athena', resource: 'workgroup', resourceName: catalog.athenaWorkgroupName },
            stack,
          ),
        ],
      }),
    );
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
        resources: glueArns(fn, catalog),
      }),
    );
  },
  'lakeCatalog:write': (fn, r) => {
    const catalog = need(r.lakeCatalog, 'the lake catalog', fn);
    fn.setEnv(EnvNames.glueDatabase, catalog.glueDatabaseName);
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable'],
        resources: glueArns(fn, catalog),
      }),
    );
  },
  // The rate-limit store reads and conditionally updates single items, nothing more.
  'rateLimitTable:readWrite': bindTable('rateLimitTable', ['dynamodb:GetItem', 'dynamodb:UpdateItem']),
  'rollupTable:readWrite': bindTable('rollupTable'),
  'modelEndpoint:invoke': (fn, r) => {
    const serving = need(r.modelEndpoint, 'the model endpoint', fn);
    setModelEnv(fn, serving);
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [...new Set(serving.variants.map((v) => v.endpointName))].map((name) =>
          Arn.format({ service: 'sagemaker', resource: 'endpoint', resourceName: name }, Stack.of(fn)),
        ),
      }),
    );
  },
  'modelEndpoint:manage': (fn, r) => {
    const serving = need(r.modelEndpoint, 'the model endpoint', fn);
    setModelEnv(fn, serving);
    // With one endpoint per variant the callers split by the registry: no SageMaker call at all.
    if (serving.routing === 'endpoint-per-variant') return;
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['sagemaker:UpdateEndpointWeightsAndCapacities', 'sagemaker:DescribeEndpoint'],
        resources: [
          Arn.format(
            { service: 'sagemaker', resource: 'endpoint', resourceName: serving.endpointName },
            Stack.of(fn),
          ),
        ],
      }),
    );
  },
  'deliveryQueue:send': (fn, r) => {
    acknowledgeQueueKeyGrant(fn);
    const queue = need(r.deliveryQueue, 'the delivery queue', fn);
    fn.setEnv(EnvNames.deliveryQueueUrl, queue.queueUrl);
    fn.setEnv(EnvNames.publicApiUrl, need(r.publicApiUrl, 'the public API URL', fn));
    queue.grantSendMessages(fn.fn);
  },
  'deliveryQueue:consume': (fn, r) => {
    acknowledgeQueueKeyGrant(fn);
    const queue = need(r.deliveryQueue, 'the delivery queue', fn);
    const deadLetters = need(r.deliveryDeadLetterQueue, 'the delivery dead-letter queue', fn);
    fn.setEnv(EnvNames.deliveryQueueUrl, queue.queueUrl);
    fn.setEnv(EnvNames.deliveryDeadLetterQueueUrl, deadLetters.queueUrl);
    queue.grantConsumeMessages(fn.fn);
    // Retries are re-queued and final failures moved to the DLQ by the function itself.
    queue.grantSendMessages(fn.fn);
    deadLetters.grantSendMessages(fn.fn);
  },
  'deliveryTable:readWrite': bindTable('deliveryTable'),
  'mailer:send': (fn, r) => {
    const mailer = need(r.mailer, 'the mailer', fn);
    const stack = Stack.of(fn);
    fn.setEnv(EnvNames.mailFrom, mailer.fromAddress);
    fn.setEnv(EnvNames.sesConfigurationSet, mailer.configurationSetName);
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          Arn.format({ service: 'ses', resource: 'identity', resourceName: mailer.identityName }, stack),
          Arn.format(
            { service: 'ses', resource: 'configuration-set', resourceName: mailer.configurationSetName },
            stack,
          ),
        ],
      }),
    );
  },
  'reportScheduler:manage': (fn, r) => {
    const scheduler = need(r.reportScheduler, 'the report scheduler', fn);
    fn.setEnv(EnvNames.reportScheduleGroup, scheduler.groupName);
    fn.setEnv(EnvNames.reportSchedulerRoleArn, scheduler.roleArn);
    fn.setEnv(EnvNames.reportRunnerArn, scheduler.runnerArn);
    const schedules = Arn.format(
      { service: 'scheduler', resource: 'schedule', resourceName: `${scheduler.groupName}/*` },
      Stack.of(fn),
    );
    acknowledgeWildcardResource(
      fn,
      schedules,
      'One schedule per report, named by report id at run time; scoped to the reports schedule group.',
    );
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules],
      }),
    );
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [scheduler.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  },
  'bootstrapSecret:write': (fn, r) => {
    const secret = need(r.bootstrapSecret, 'the bootstrap secret', fn);
    fn.setEnv(EnvNames.bootstrapSecretId, secret.secretArn);
    // Only this one secret: whether it holds a value, and its first value. No read of the value.
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue'],
        resources: [secret.secretArn],
      }),
    );
    // Secrets Manager encrypts the value with the data key on the caller's behalf, and only then.
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [secret.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(fn).region}.amazonaws.com` },
        },
      }),
    );
  },
  'unsubscribeKey:read': (fn, r) => {
    const secret = need(r.unsubscribeKey, 'the unsubscribe signing key', fn);
    fn.setEnv(EnvNames.unsubscribeKeySecretId, secret.secretArn);
    fn.setEnv(EnvNames.publicApiUrl, need(r.publicApiUrl, 'the public API URL', fn));
    grantSecretRead(fn, secret);
  },
  'reportFilesBucket:readWrite': bindBucket('reportFilesBucket', 'readWrite'),
  'reportFilesBucket:read': bindBucket('reportFilesBucket', 'read'),
};

/** Read access to one secret, decrypted through Secrets Manager only. */
function grantSecretRead(fn: PlatformFunction, secret: { secretArn: string; key: IKey }): void {
  fn.fn.addToRolePolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
  );
  fn.fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [secret.key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(fn).region}.amazonaws.com` },
      },
    }),
  );
}

/** Applies every need of the function's topology entry. */
export function bindNeeds(fn: PlatformFunction, resources: NexusResources): void {
  for (const n of fn.spec.needs) binders[n](fn, resources);
}
