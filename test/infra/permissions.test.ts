/**
 * The permission check that would have caught the lake writer's missing HeadObject grant: for
 * every topology function, the AWS SDK commands its needs lead its adapters to send (the table in
 * shared/adapters/aws/sdk-commands.ts, itself checked against what each adapter imports) must be
 * allowed by that function's role in the synthesized template, on the right resource, with
 * kms:Decrypt/GenerateDataKey on the key of what it touches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { physicalNames } from '../../infra/config/physical-names';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { type AwsAdapter, adapterCommands } from '../../shared/adapters/aws/sdk-commands';
import { functions, type ResourceNeed } from '../../shared/topology';
import { removeOutdirs, testApp } from './support/synth-app';
import { allows, functionNamed, roleStatements } from './support/template-iam';

const adaptersDir = join(process.cwd(), 'shared/adapters/aws');

/** The `*Command` classes an adapter module imports from the AWS SDK. */
function importedCommands(adapter: string): string[] {
  const source = readFileSync(join(adaptersDir, `${adapter}.ts`), 'utf8');
  const imports = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/[^']+'/g)];
  return imports
    .flatMap((m) => (m[1] ?? '').split(','))
    .map((name) => name.trim().replace(/^type\s+/, ''))
    .filter((name) => /Command$/.test(name))
    .sort();
}

describe('the adapter command table', () => {
  it('lists exactly the commands each AWS adapter imports, for every adapter in the folder', () => {
    const adapters = readdirSync(adaptersDir)
      .filter((f) => f.endsWith('.ts') && f !== 'sdk-commands.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(adapterCommands).sort()).toEqual(adapters);
    for (const adapter of adapters) {
      const listed = adapterCommands[adapter as AwsAdapter].map((c) => c.command).sort();
      expect(listed, adapter).toEqual(importedCommands(adapter));
    }
  });
});

// ---- what each need lets a function do, on which resource ----

const names = physicalNames({ app: 'nexus', stage: 'dev', region: 'eu-west-1' });
/** A resource, recognised in a statement's Resource (rendered as JSON) by the name or SSM parameter it is built from. */
type On = (resource: string) => boolean;
const has =
  (...fragments: string[]): On =>
  (r) =>
    fragments.every((f) => r.includes(f));
const bucketArn =
  (bucket: string): On =>
  (r) =>
    r.includes(`${bucket}bucketname`) && !r.includes('/*');
const objectsOf =
  (bucket: string): On =>
  (r) =>
    r.includes(`${bucket}bucketname`) && r.includes('/*');
const dataKey = has('datakeyarn');

interface Requirement {
  readonly actions: readonly string[];
  readonly on: On;
  readonly what: string;
}

function adapterRequirements(adapter: AwsAdapter, on: On, access: 'read' | 'all' = 'all'): Requirement[] {
  return adapterCommands[adapter]
    .filter((c) => access === 'all' || c.access === 'read')
    .map((c) => ({ actions: c.actions, on, what: `${adapter} ${c.command}` }));
}

/**
 * A bucket need through the ObjectStore adapter: `read` needs its read commands, a writer holds
 * the whole port (it checks existence before writing). ListBucket is a bucket-level action.
 */
function bucketRequirements(bucket: string, mode: 'read' | 'write'): Requirement[] {
  const object = adapterRequirements('s3-object-store', objectsOf(bucket), mode === 'read' ? 'read' : 'all');
  return [
    ...object.map((r) => ({ ...r, actions: r.actions.filter((a) => a !== 's3:ListBucket') })),
    ...object
      .filter((r) => r.actions.includes('s3:ListBucket'))
      .map((r) => ({ ...r, actions: ['s3:ListBucket'], on: bucketArn(bucket) })),
    {
      actions: mode === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      on: dataKey,
      what: `${bucket} bucket key (SSE-KMS)`,
    },
  ];
}

const stream = has(`stream/${names.eventStream}`);
const lakeTables = has(`table/${names.glueDatabase}/*`);
const endpoint = has(`endpoint/${names.modelEndpoint}`);

const needRequirements: Record<ResourceNeed, readonly Requirement[]> = {
  database: [
    // Dev has no RDS Proxy: the cluster itself, as the IAM-only login (by its resource id).
    {
      actions: ['rds-db:connect'],
      on: has('dbuser:', 'dbresourceid', '/nexus_iam'),
      what: 'cluster IAM auth',
    },
  ],
  'eventStream:write': [
    ...adapterRequirements('kinesis-event-sink', stream),
    { actions: ['kms:GenerateDataKey'], on: dataKey, what: 'stream key (writers encrypt)' },
  ],
  'eventStream:read': [
    {
      // Lambda's event source mapping polls with the function's role.
      actions: [
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:DescribeStream',
        'kinesis:ListShards',
      ],
      on: stream,
      what: 'Kinesis event source mapping',
    },
    { actions: ['kms:Decrypt'], on: dataKey, what: 'stream key (readers decrypt)' },
  ],
  'rawBucket:write': bucketRequirements('raw', 'write'),
  'rawBucket:compact': [
    ...bucketRequirements('raw', 'write'),
    { actions: ['s3:ListBucket'], on: bucketArn('raw'), what: 's3-object-cleanup ListObjectsV2Command' },
    { actions: ['s3:DeleteObject'], on: objectsOf('raw'), what: 's3-object-cleanup DeleteObjectsCommand' },
  ],
  'curatedBucket:read': bucketRequirements('curated', 'read'),
  'curatedBucket:write': bucketRequirements('curated', 'write'),
  'curatedBucket:compact': [
    ...bucketRequirements('curated', 'write'),
    { actions: ['s3:ListBucket'], on: bucketArn('curated'), what: 's3-object-cleanup ListObjectsV2Command' },
    {
      actions: ['s3:DeleteObject'],
      on: objectsOf('curated'),
      what: 's3-object-cleanup DeleteObjectsCommand',
    },
  ],
  'uploadBucket:read': bucketRequirements('upload', 'read'),
  'uploadBucket:write': [
    ...bucketRequirements('upload', 'write'),
    ...adapterRequirements('s3-upload-signer', objectsOf('upload')),
  ],
  'quarantineBucket:write': bucketRequirements('quarantine', 'write'),
  'queryResultsBucket:readWrite': bucketRequirements('queryresults', 'write'),
  queryEngine: [
    ...adapterRequirements('athena-query-engine', has(`workgroup/${names.athenaWorkgroup}`)),
    // Athena reads the catalog as the caller.
    { actions: ['glue:GetTable', 'glue:GetDatabase'], on: lakeTables, what: 'Athena catalog reads' },
    // Tenant queries run on the stack's tenant-query role (logical id TenantQueryRole...).
    ...adapterRequirements('sts-tenant-credentials', has('TenantQueryRole')),
  ],
  'lakeCatalog:write': adapterRequirements('glue-lake-catalog', lakeTables),
  // No function needs it since the lake writer dedupes without DynamoDB (issue 13).
  'rateLimitTable:readWrite': [
    ...adapterRequirements('dynamodb-rate-limit-store', has(`table/${names.rateLimitTable}`)),
    { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], on: dataKey, what: 'table key' },
  ],
  'rollupTable:readWrite': [
    ...adapterRequirements('dynamodb-rollup-store', has(`table/${names.rollupTable}`)),
    { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], on: dataKey, what: 'table key' },
  ],
  'modelEndpoint:invoke': adapterRequirements('sagemaker-model-endpoint', endpoint),
  // Dev serves its variant serverless, one endpoint per variant: the callers split by the
  // registry's weights, so managing them sends nothing to SageMaker (issue 13); nexus-app.test.ts
  // checks that no role may update the weights. With `hosting: instances` this need sends
  // UpdateEndpointWeightsAndCapacities (sagemaker-endpoint-weights).
  'modelEndpoint:manage': [],
  'mailer:send': adapterRequirements('ses-mailer', has('identity/')),
  'reportScheduler:manage': [
    ...adapterRequirements('eventbridge-report-scheduler', has(`schedule/${names.scheduleGroup}/*`)),
    {
      actions: ['iam:PassRole'],
      on: has(names.reportSchedulerRole),
      what: 'the scheduler role for schedules',
    },
  ],
  'deliveryQueue:send': [
    { actions: ['sqs:SendMessage'], on: has(`:${names.deliveryQueue}`), what: 'enqueue deliveries' },
    { actions: ['kms:GenerateDataKey'], on: dataKey, what: 'queue key (senders encrypt)' },
  ],
  'deliveryQueue:consume': [
    ...adapterRequirements('sqs-delivery-queue', has(`:${names.deliveryQueue}`)),
    {
      actions: ['sqs:SendMessage'],
      on: has(`:${names.deliveryDeadLetterQueue}`),
      what: 'dead-letter deliveries',
    },
    { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], on: dataKey, what: 'queue key' },
  ],
  'deliveryTable:readWrite': [
    ...adapterRequirements('dynamodb-delivery-store', has(`table/${names.deliveryTable}`)),
    { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], on: dataKey, what: 'table key' },
  ],
  'bootstrapSecret:write': [
    ...adapterRequirements('secrets-manager-secret-store', has('bootstrapsecretarn')),
    {
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      on: dataKey,
      what: 'secret key (via Secrets Manager)',
    },
  ],
  'unsubscribeKey:read': [
    ...adapterRequirements('secrets-manager-secret-reader', has('unsubscribekeysecretarn')),
    { actions: ['kms:Decrypt'], on: dataKey, what: 'secret key (via Secrets Manager)' },
  ],
  'reportFilesBucket:readWrite': [
    ...adapterRequirements('s3-report-file-store', objectsOf('reportfiles')),
    {
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      on: dataKey,
      what: 'reportfiles bucket key (SSE-KMS)',
    },
  ],
  'reportFilesBucket:read': [
    ...adapterRequirements('s3-report-file-store', objectsOf('reportfiles'), 'read'),
    { actions: ['kms:Decrypt'], on: dataKey, what: 'reportfiles bucket key (SSE-KMS)' },
  ],
};

let app: App;
let dev: NexusStage;
const templates = new Map<Stack, Template>();

beforeAll(() => {
  app = testApp({ stage: 'dev' });
  app.synth();
  dev = app.node.findChild('dev-eu-west-1') as NexusStage;
  for (const stack of dev.stacks) templates.set(stack, Template.fromStack(stack));
}, 180_000);
afterAll(removeOutdirs);

/** The function's template and logical id, wherever its domain put it. */
function locate(name: string): { template: Template; id: string } {
  for (const template of templates.values()) {
    const id = functionNamed(template, names.function(name));
    if (id) return { template, id };
  }
  throw new Error(`Function ${names.function(name)} is in no template`);
}

describe('every function role', () => {
  it.each(functions.map((f) => [f.name, f] as const))(
    '%s may send what its needs make its adapters send, on the right resources',
    (_name, spec) => {
      const { template, id } = locate(spec.name);
      const statements = roleStatements(template, id);
      const missing = spec.needs.flatMap((need) =>
        needRequirements[need].flatMap((req) =>
          req.actions.filter((a) => !allows(statements, a, req.on)).map((a) => `${need}: ${a} (${req.what})`),
        ),
      );
      expect(missing).toEqual([]);
    },
  );
});

describe('the report-file download link (public route)', () => {
  it('may read report files and decrypt them, but not write them, nor read other buckets or the database', () => {
    const { template, id } = locate('report-file-download');
    const statements = roleStatements(template, id);
    expect(allows(statements, 's3:GetObject', objectsOf('reportfiles'))).toBe(true);
    expect(allows(statements, 's3:PutObject', objectsOf('reportfiles'))).toBe(false);
    expect(allows(statements, 's3:DeleteObject', objectsOf('reportfiles'))).toBe(false);
    expect(allows(statements, 'kms:GenerateDataKey', dataKey)).toBe(false);
    expect(allows(statements, 's3:GetObject', objectsOf('curated'))).toBe(false);
    expect(allows(statements, 'rds-db:connect', () => true)).toBe(false);
  });
});
