/**
 * Every service that must use a customer-managed key is allowed by the key policy and the
 * resource policy: CloudWatch for the encrypted alarm topic, S3 log delivery for access logs,
 * Lambda's Kinesis event source mapping on the encrypted stream, and SQS dead-letter
 * destinations on the encrypted queues.
 */
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { functions } from '../../shared/topology';
import { removeOutdirs, testApp } from './support/synth-app';
import { allows, functionNamed, roleStatements, type Statement } from './support/template-iam';

type Resource = { Type: string; Properties: Record<string, unknown> };
let app: App;
let dev: NexusStage;
const t = new Map<string, Template>();
const tpl = (name: string): Template => t.get(name) as Template;
const resourcesOf = (name: string, type: string): [string, Resource][] =>
  Object.entries(tpl(name).toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
/** The SSM parameter (by key) a value in a function or data stack is read from. */
const readsParameter = (value: unknown, key: string) =>
  JSON.stringify(value).includes(key.replaceAll('-', ''));

beforeAll(() => {
  app = testApp({ stage: 'dev' });
  app.synth();
  dev = app.node.findChild('dev-eu-west-1') as NexusStage;
  for (const stack of dev.stacks) t.set(stack.node.id, Template.fromStack(stack));
}, 180_000);
afterAll(removeOutdirs);

/** The key policy statements of the Platform stack's key whose logical id starts with `prefix`. */
function keyPolicy(prefix: string): Statement[] {
  const [, key] = resourcesOf('Platform', 'AWS::KMS::Key').find(([id]) => id.startsWith(prefix)) ?? [];
  return (key?.Properties.KeyPolicy as { Statement: Statement[] } | undefined)?.Statement ?? [];
}
const servicePrincipal = (s: Statement) => JSON.stringify(s.Principal ?? {});

describe('key and resource policies', () => {
  it('lets CloudWatch use the alarm topic’s key and publish to the topic', () => {
    const [[, topic]] = resourcesOf('Observability', 'AWS::SNS::Topic') as [[string, Resource]];
    expect(readsParameter(topic.Properties.KmsMasterKeyId, 'alarm-key-arn')).toBe(true);
    const [, parameter] =
      resourcesOf('Platform', 'AWS::SSM::Parameter').find(
        ([, p]) => p.Properties.Name === '/nexus/dev/alarm-key-arn',
      ) ?? [];
    expect(JSON.stringify(parameter?.Properties.Value)).toMatch(/"AlarmKey[0-9A-F]+","Arn"/);

    const cloudwatch = keyPolicy('AlarmKey').filter((s) =>
      servicePrincipal(s).includes('cloudwatch.amazonaws.com'),
    );
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey'])
      expect(
        allows(cloudwatch, action, () => true),
        action,
      ).toBe(true);

    const [[, topicPolicy]] = resourcesOf('Observability', 'AWS::SNS::TopicPolicy') as [[string, Resource]];
    const publish = (topicPolicy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter(
      (s) => s.Effect === 'Allow' && servicePrincipal(s).includes('cloudwatch.amazonaws.com'),
    );
    expect(allows(publish, 'sns:Publish', () => true)).toBe(true);
  });

  it('keeps the access-log bucket on SSE-S3 and lets S3 log delivery write to it', () => {
    const [[logsId, logs]] = resourcesOf('Platform', 'AWS::S3::Bucket') as [[string, Resource]];
    expect(JSON.stringify(logs.Properties.BucketEncryption)).toContain('"SSEAlgorithm":"AES256"');
    const [, policy] =
      resourcesOf('Platform', 'AWS::S3::BucketPolicy').find(([, p]) =>
        JSON.stringify(p.Properties.Bucket).includes(logsId),
      ) ?? [];
    const delivery = (
      (policy?.Properties.PolicyDocument as { Statement: Statement[] }) ?? { Statement: [] }
    ).Statement.filter(
      (s) => s.Effect === 'Allow' && servicePrincipal(s).includes('logging.s3.amazonaws.com'),
    );
    expect(allows(delivery, 's3:PutObject', (r) => r.includes(logsId))).toBe(true);
    // Every lake bucket logs there, read from the Platform stack's parameter.
    const lakeBuckets = resourcesOf('Lake', 'AWS::S3::Bucket');
    expect(lakeBuckets.length).toBeGreaterThan(0);
    for (const [id, bucket] of lakeBuckets)
      expect(readsParameter(bucket.Properties.LoggingConfiguration, 'access-logs-bucket-name'), id).toBe(
        true,
      );
  });

  it('lets IAM grant the data key (account-root statement), which the stream, queues and buckets use', () => {
    const root = keyPolicy('DataKey').filter((s) => servicePrincipal(s).includes(':root'));
    expect(allows(root, 'kms:Decrypt', () => true)).toBe(true);
    const [[, stream]] = resourcesOf('Lake', 'AWS::Kinesis::Stream') as [[string, Resource]];
    expect(readsParameter(stream.Properties.StreamEncryption, 'data-key-arn')).toBe(true);
  });

  it('lets each stream consumer decrypt the stream and send failed batches to its encrypted DLQ', () => {
    const consumers = functions.filter((f) =>
      f.eventSources?.some((s) => s.kind === 'kinesis' || s.kind === 's3'),
    );
    expect(consumers.length).toBeGreaterThan(0);
    for (const spec of consumers) {
      const [stackId, id] =
        [...t.entries()]
          .map(([k, v]) => [k, functionNamed(v, `nexus-dev-${spec.name}`)] as const)
          .find(([, fid]) => fid) ?? [];
      expect(id, spec.name).toBeDefined();
      const template = tpl(stackId as string);
      const statements = roleStatements(template, id as string);
      const queues = resourcesOf(stackId as string, 'AWS::SQS::Queue').filter(
        ([, q]) => q.Properties.QueueName === `nexus-dev-${spec.name}-dlq`,
      );
      expect(queues, spec.name).toHaveLength(1);
      const [[queueId, queue]] = queues as [[string, Resource]];
      expect(readsParameter(queue.Properties.KmsMasterKeyId, 'data-key-arn'), spec.name).toBe(true);
      const dataKey = (r: string) => r.includes('datakeyarn');
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt'])
        expect(allows(statements, action, dataKey), `${spec.name} ${action}`).toBe(true);
      expect(
        allows(statements, 'sqs:SendMessage', (r) => r.includes(queueId)),
        spec.name,
      ).toBe(true);
      if (spec.eventSources?.some((s) => s.kind === 'kinesis')) {
        const mappings = resourcesOf(stackId as string, 'AWS::Lambda::EventSourceMapping');
        expect(JSON.stringify(mappings.map(([, m]) => m.Properties.DestinationConfig))).toContain(queueId);
      }
    }
  });
});
