/**
 * IAM grants with explicit actions (no `s3:GetObject*`/`kms:GenerateDataKey*` wildcards, which
 * the L2 `grant*` methods emit), and precise cdk-nag acknowledgements for the one wildcard that
 * is unavoidable: object keys under a bucket (`<bucket arn>/*`) and run-time Glue tables.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { type BucketAccess, s3Actions } from '../config/bucket-access';
import type { PlatformFunction } from './platform-function';

export type { BucketAccess };

/**
 * cdk-nag names a finding by the resource as it appears in the template: `<Logical.Arn>` for a
 * same-stack attribute, the export name for a cross-stack import, the string itself otherwise.
 */
function nagResourceName(fn: IConstruct, value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => nagResourceName(fn, v)).join('');
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if (typeof o.Ref === 'string') return `<${o.Ref}>`;
    if (o['Fn::ImportValue'] !== undefined) return nagResourceName(fn, o['Fn::ImportValue']);
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => nagResourceName(fn, p)).join(sep);
    }
  }
  return JSON.stringify(value);
}

/** Acknowledges exactly the `Resource::<arn>` finding of this wildcard ARN on a function's or role's policy. */
export function acknowledgeWildcardResource(fn: IConstruct, arn: string, reason: string): void {
  const stack = Stack.of(fn);
  // A reference to another stack becomes an import of that stack's export.
  const resolved = stack.resolve(arn);
  const name = nagResourceName(fn, resolved);
  Validations.of(fn).acknowledge({ id: `AwsSolutions-IAM5[Resource::${name}]`, reason });
}

/**
 * The resource's ARN, which must be the function's own stack's (an import by SSM parameter or
 * name): a reference into another stack would become a CloudFormation export.
 */
function arnFrom(fn: PlatformFunction, producer: Stack, arn: string): string {
  if (producer !== Stack.of(fn) && Token.isUnresolved(arn))
    throw new Error(
      `${fn.spec.name}: grant on a resource of ${producer.stackName}; import it with ImportedResources instead of exporting it`,
    );
  return arn;
}

function grantKey(fn: PlatformFunction, key: IKey | undefined, actions: string[]): void {
  if (!key) return;
  fn.fn.addToRolePolicy(
    new PolicyStatement({ actions, resources: [arnFrom(fn, Stack.of(key), key.keyArn)] }),
  );
}

export function grantBucket(fn: PlatformFunction, bucket: IBucket, mode: BucketAccess): void {
  const bucketArn = arnFrom(fn, Stack.of(bucket), bucket.bucketArn);
  const objects = `${bucketArn}/*`;
  const actions = s3Actions[mode];
  if (actions.bucket.length)
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: actions.bucket, resources: [bucketArn] }));
  fn.fn.addToRolePolicy(new PolicyStatement({ actions: actions.objects, resources: [objects] }));
  acknowledgeWildcardResource(
    fn,
    objects,
    'Object keys are written and read at run time (tenant/dataset/dt/hour layout); scoped to this one bucket.',
  );
  grantKey(
    fn,
    bucket.encryptionKey,
    mode === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
  );
}

export function grantStream(fn: PlatformFunction, stream: IStream, mode: 'read' | 'write'): void {
  const arn = arnFrom(fn, Stack.of(stream), stream.streamArn);
  const actions =
    mode === 'write'
      ? ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:ListShards', 'kinesis:DescribeStreamSummary']
      : [
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamSummary',
          'kinesis:GetRecords',
          'kinesis:GetShardIterator',
          'kinesis:ListShards',
          'kinesis:SubscribeToShard',
        ];
  fn.fn.addToRolePolicy(new PolicyStatement({ actions, resources: [arn] }));
  grantKey(fn, stream.encryptionKey, mode === 'read' ? ['kms:Decrypt'] : ['kms:GenerateDataKey']);
}

const itemActions = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];

/** Item access to a table (all item actions unless `actions` narrows them), and its key. */
export function grantTable(
  fn: PlatformFunction,
  table: ITable,
  actions: readonly string[] = itemActions,
): void {
  const arn = arnFrom(fn, Stack.of(table), table.tableArn);
  fn.fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...actions],
      resources: [arn],
    }),
  );
  grantKey(fn, table.encryptionKey, ['kms:Decrypt', 'kms:GenerateDataKey']);
}
