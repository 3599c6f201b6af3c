/** EventStream (data stack) and StreamConsumer (function stack) wired across two stacks with no cycle and no export. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../infra/constructs/event-stream';
import { StreamConsumer } from '../../infra/constructs/stream-consumer';
import { definedProps } from '../../shared/domain/defined-props';
import { removeOutdirs, tempOutdir } from './support/synth-app';

afterAll(removeOutdirs);

function twoStacks(consumerProps: { alarmTopic?: boolean } = {}) {
  const app = new App({ outdir: tempOutdir() });
  const env = { account: '123456789012', region: 'eu-west-1' };
  const data = new Stack(app, 'Data', { env });
  const events = new EventStream(data, 'Events', { mode: StreamMode.PROVISIONED, shardCount: 2 });
  const functions = new Stack(app, 'Functions', { env });
  const fn = new LambdaFunction(functions, 'Consumer', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => ({ batchItemFailures: [] });'),
  });
  const consumer = new StreamConsumer(functions, 'Reader', {
    stream: events.stream,
    fn,
    batchSize: 250,
    ...definedProps({ alarmTopic: consumerProps.alarmTopic ? new Topic(functions, 'Alarms') : undefined }),
  });
  return { app, data, functions, events, consumer };
}

describe('EventStream', () => {
  it('creates a retained stream encrypted with its own rotating key, with the documented defaults', () => {
    const { data } = twoStacks();
    const t = Template.fromStack(data);
    t.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 2,
      RetentionPeriodHours: 24,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() },
    });
    t.hasResource('AWS::Kinesis::Stream', { DeletionPolicy: 'Retain' });
    t.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });
});

describe('StreamConsumer', () => {
  it('maps the stream to the function with partial batch responses, bisect and a dead-letter queue', () => {
    const { functions } = twoStacks();
    const t = Template.fromStack(functions);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 250,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      ParallelizationFactor: 1,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });

  it('lets the data stack stay independent of the function stack (deploy order one way)', () => {
    const { app, data, functions } = twoStacks();
    app.synth(); // references become stack dependencies during synthesis
    expect(functions.dependencies).toContain(data);
    expect(data.dependencies).not.toContain(functions);
  });

  it('notifies the alarm topic when one is given, and only then', () => {
    const withTopic = Template.fromStack(twoStacks({ alarmTopic: true }).functions);
    const actions = Object.values(withTopic.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: { AlarmActions?: unknown[] } }).Properties.AlarmActions,
    );
    expect(actions.every((a) => a?.length === 1)).toBe(true);
    const without = Template.fromStack(twoStacks().functions);
    const none = Object.values(without.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: { AlarmActions?: unknown[] } }).Properties.AlarmActions,
    );
    expect(none.every((a) => a === undefined)).toBe(true);
  });
});
