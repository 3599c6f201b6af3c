/** Names of the local platform's AWS resources: the same ones the stand-ins create and handlers are told. */

export const localRegion = 'us-east-1';
/** The account id the stand-ins pretend to live in (kinesalite's ARNs use it too). */
export const localAccountId = '000000000000';
/** s3rver only accepts its own static key pair; the other stand-ins accept any, so all share it. */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export const eventStreamName = 'nexus-events';
export const eventStreamShards = 2;

export const bucketNames = {
  raw: 'nexus-raw',
  curated: 'nexus-curated',
  upload: 'nexus-upload',
  quarantine: 'nexus-quarantine',
  queryResults: 'nexus-query-results',
  reportFiles: 'nexus-report-files',
} as const;

export interface TableDefinition {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
}

export const tables = {
  rateLimits: { name: 'nexus-rate-limits', hashKey: 'pk' },
  rollups: { name: 'nexus-rollups', hashKey: 'pk', rangeKey: 'sk' },
  deliveries: { name: 'nexus-deliveries', hashKey: 'pk', rangeKey: 'sk' },
} as const satisfies Record<string, TableDefinition>;

/** The alert delivery queue and its dead-letter queue (fauxqs locally). */
export const deliveryQueueNames = { main: 'nexus-deliveries', deadLetter: 'nexus-deliveries-dlq' } as const;
/** Receives before SQS's redrive moves a delivery to the dead-letter queue (as in AWS). */
export const deliveryMaxReceives = 5;

export const postgresDatabase = 'nexus';
export const postgresUser = 'postgres';
export const postgresPassword = 'postgres';
export const mailFrom = 'reports@nexus.local';
/** The bind address of every stand-in: local only, never exposed on the network. */
export const localHost = '127.0.0.1';

/** Report schedules locally: the Scheduler stand-in's group, the runner it invokes, the role it "assumes". */
export const localReportScheduling = {
  groupName: 'nexus-local-reports',
  runnerArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:nexus-local-report-runner`,
  roleArn: `arn:aws:iam::${localAccountId}:role/nexus-local-report-scheduler`,
} as const;
