/**
 * Every physical name Nexus gives an AWS resource, derived from the deployment (app, stage,
 * region), so two stages never collide, a function stack can reach a data-stack resource by
 * name instead of by CloudFormation export, and the name and limit tests check one list.
 *
 * Regional resources (functions, queues, streams, tables, the proxy...) are unique per region
 * by AWS's own scoping, so `${app}-${stage}` suffices; account-wide ones (dashboards) carry the
 * region. Bucket names are global: CloudFormation generates them and SSM parameters carry them.
 */
import type { Domain } from '../../shared/topology';
import type { Deployment } from './deployment-config';

/** AWS length limits of the names below (the name test checks every name against its limit). */
export const nameLimits = {
  lambdaFunction: 64,
  sqsQueue: 80,
  kinesisStream: 128,
  dynamodbTable: 255,
  dbProxy: 63,
  snsTopic: 256,
  sagemakerEndpoint: 63,
  glueDatabase: 255,
  athenaWorkgroup: 128,
  scheduleGroup: 64,
  sesConfigurationSet: 64,
  cloudwatchDashboard: 255,
  restApi: 1024,
  iamRole: 64,
  secret: 512,
} as const;

export interface PhysicalNames {
  /** `${app}-${stage}`: prefix of every regional name and of Powertools service names. */
  readonly prefix: string;
  readonly function: (topologyName: string) => string;
  readonly deadLetterQueue: (topologyName: string) => string;
  readonly eventStream: string;
  readonly rateLimitTable: string;
  readonly rollupTable: string;
  /** Alert delivery targets and attempt log. */
  readonly deliveryTable: string;
  /** The alert delivery queue and its dead-letter queue. */
  readonly deliveryQueue: string;
  readonly deliveryDeadLetterQueue: string;
  readonly dbProxy: string;
  readonly alarmTopic: string;
  readonly restApi: string;
  readonly modelEndpoint: string;
  readonly glueDatabase: string;
  readonly glueSandboxDatabase: string;
  readonly athenaWorkgroup: string;
  readonly scheduleGroup: string;
  readonly mailConfigurationSet: string;
  readonly dashboard: string;
  /** The Secrets Manager secret holding the first operator and tenant keys (bootstrap-platform). */
  readonly bootstrapSecret: string;
  /** The key report emails' unsubscribe links are signed with (issue 12). */
  readonly unsubscribeKeySecret: string;
  /** The application's Data API login (`data-api` stages). */
  readonly dbAppSecret: string;
  /**
   * The tenant-query role of a function stack (`tq`: tenant query). IAM names are account-wide,
   * so the region is part of it; one per domain, because its trust names that stack's roles.
   */
  readonly tenantQueryRole: (domain: Domain) => string;
  /** The role EventBridge Scheduler assumes to invoke the report runner (account-wide name). */
  readonly reportSchedulerRole: string;
  /** SSM parameter carrying a cross-stack value (`/${app}/${stage}/${key}`). */
  readonly parameter: (key: string) => string;
}

export function physicalNames(d: Pick<Deployment, 'app' | 'stage' | 'region'>): PhysicalNames {
  const prefix = `${d.app}-${d.stage}`;
  // Glue names allow lowercase letters, digits and underscores only.
  const glueDatabase = `${prefix}_lake`.replaceAll('-', '_');
  return {
    prefix,
    function: (name) => `${prefix}-${name}`,
    deadLetterQueue: (name) => `${prefix}-${name}-dlq`,
    eventStream: `${prefix}-events`,
    rateLimitTable: `${prefix}-rate-limits`,
    rollupTable: `${prefix}-rollups`,
    deliveryTable: `${prefix}-deliveries`,
    deliveryQueue: `${prefix}-deliveries`,
    deliveryDeadLetterQueue: `${prefix}-deliveries-dlq`,
    dbProxy: `${prefix}-db-proxy`,
    alarmTopic: `${prefix}-alarms`,
    restApi: `${prefix}-api`,
    modelEndpoint: `${prefix}-analytics`,
    glueDatabase,
    glueSandboxDatabase: `${glueDatabase}_sandbox`,
    athenaWorkgroup: `${prefix}-queries`,
    scheduleGroup: `${prefix}-reports`,
    mailConfigurationSet: `${prefix}-reports`,
    dashboard: `${prefix}-${d.region}`,
    bootstrapSecret: `${prefix}/bootstrap-credentials`,
    unsubscribeKeySecret: `${prefix}/unsubscribe-signing-key`,
    dbAppSecret: `${prefix}/db-app-login`,
    tenantQueryRole: (domain) => `${prefix}-${d.region}-tq-${domain}`,
    reportSchedulerRole: `${prefix}-${d.region}-report-scheduler`,
    parameter: (key) => `/${d.app}/${d.stage}/${key}`,
  };
}

/** The Postgres database and the user functions connect as through RDS Proxy (IAM auth). */
export const databaseName = 'nexus';
export const databaseUser = 'nexus_admin';
/** The IAM-only login functions use in stages without RDS Proxy (created by the Platform stack). */
export const databaseIamUser = 'nexus_iam';
/**
 * The application's password login the RDS Data API signs in with (`data-api` stages): the
 * tables' rows only (shared/adapters/postgres/app-login.ts), never the admin.
 */
export const databaseAppUser = 'nexus_app';

/** Who functions sign in as: the admin through RDS Proxy, else the IAM-only login. */
export function databaseUserFor(database: { readonly proxy: boolean }): string {
  return database.proxy ? databaseUser : databaseIamUser;
}
export const databasePort = 5432;
