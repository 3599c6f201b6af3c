/**
 * Creates every topology function of one domain in the calling (function) stack:
 * PlatformFunction, its needs bound (env + grants), and its event sources: the event stream
 * through `StreamConsumer`; uploads through EventBridge (the bucket lives in a data stack, and an
 * S3 notification would make that stack depend on this one); deployment Triggers; schedules.
 */

import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type IScheduleGroup, Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct, type IConstruct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import { type Domain, type EventSourceSpec, functions } from '../../shared/topology';
import type { Deployment } from '../config/deployment-config';
import { physicalNames } from '../config/physical-names';
import { runsInVpc } from '../config/stage-resources';
import type { ImportedResources } from './imported-resources';
import { PlatformFunction } from './platform-function';
import { bindNeeds } from './resource-bindings';
import { StreamConsumer } from './stream-consumer';
import { thresholdAlarm } from './threshold-alarm';

/** Where every function runs: the platform VPC's app subnets, one security group, one data key. */
export interface FunctionPlacement {
  readonly vpc: IVpc;
  /** Admitted by the database proxy and the VPC endpoints. */
  readonly securityGroup: ISecurityGroup;
  /** Encrypts the dead-letter queues. */
  readonly dataKey: IKey;
}

export interface DomainFunctionsProps {
  readonly domain: Domain;
  readonly deployment: Deployment;
  /** The data stacks' resources, imported into the calling stack on first use. */
  readonly imports: ImportedResources;
  /** Needed only by functions with schedule event sources. @default none */
  readonly scheduleGroup?: IScheduleGroup;
  /** What `deployment` event sources run after, within this stack. @default none */
  readonly deploymentAfter?: readonly IConstruct[];
}

/** How cdk-nag names the `<function arn>:*` resource of a function in its own stack. */
function nagFunctionVersions(fn: PlatformFunction): string {
  const logicalId = Stack.of(fn).getLogicalId(fn.fn.node.defaultChild as CfnElement);
  return `<${logicalId}.Arn>:*`;
}

export class DomainFunctions extends Construct {
  /** By topology name. */
  readonly byName = new Map<string, PlatformFunction>();
  /** Dead-letter queues of event sources, by function name. */
  readonly deadLetterQueues = new Map<string, Queue>();
  /** This stack's deployment Triggers in topology order: each runs after the ones before it. */
  private readonly triggers: Trigger[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DomainFunctionsProps,
  ) {
    super(scope, id);
    const { config, stage } = props.deployment;
    const names = physicalNames(props.deployment);
    for (const spec of functions.filter((f) => f.domain === props.domain)) {
      const placement = runsInVpc(spec, config) ? props.imports.placement : undefined;
      const reserved = config.reservedConcurrency[spec.name];
      const fn = new PlatformFunction(this, spec.name, {
        spec,
        functionName: names.function(spec.name),
        namePrefix: names.prefix,
        stage,
        logLevel: config.logLevel,
        // Only functions that reach the database join the VPC (stage-resources.ts): the rest call
        // public AWS APIs and need neither endpoints nor NAT.
        securityGroups: placement ? [placement.securityGroup] : [],
        systemLogLevel: config.lambdaSystemLogLevel,
        ...definedProps({ vpc: placement?.vpc, reservedConcurrency: reserved }),
        awsSdk: config.awsSdk,
        logRetention: config.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      });
      bindNeeds(fn, props.imports.resources);
      for (const source of spec.eventSources ?? []) this.addEventSource(fn, source);
      this.byName.set(spec.name, fn);
    }
  }

  private addEventSource(fn: PlatformFunction, source: EventSourceSpec): void {
    const { imports, deployment } = this.props;
    const resources = imports.resources;
    const name = fn.spec.name;
    const names = physicalNames(deployment);
    switch (source.kind) {
      case 'kinesis': {
        const stream = resources.eventStream;
        if (!stream)
          throw new Error(`Function ${name} reads the event stream, but its stack was not given it`);
        const consumer = new StreamConsumer(this, `${name}-stream`, {
          stream,
          fn: fn.fn,
          batchSize: source.batchSize,
          maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
          parallelizationFactor: source.parallelizationFactor,
          retryAttempts: source.maxRetryAttempts,
          deadLetterQueueKey: imports.dataKey,
          deadLetterQueueName: names.deadLetterQueue(name),
          alarmTopic: imports.alarmTopic,
        });
        this.deadLetterQueues.set(name, consumer.deadLetterQueue);
        return;
      }
      case 's3': {
        const bucket = resources.uploadBucket;
        if (!bucket)
          throw new Error(`Function ${name} reacts to uploads, but its stack was not given the bucket`);
        // EventBridge invokes asynchronously: after Lambda's retries an event goes to a DLQ.
        fn.fn.configureAsyncInvoke({
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          onFailure: new SqsDestination(this.asyncDeadLetterQueue(fn)),
        });
        // The upload bucket sends its events to EventBridge (set in its data stack); the rule
        // reshapes them into the S3 notification the handler and the local poller speak. Upload
        // keys (`uploads/tenant=<uuid>/dataset=<name>/<uuid>.<ext>`) hold nothing a form
        // encoding changes, so the handler's key decoding is the identity on them either way.
        new Rule(this, `${name}-uploads`, {
          description: `${name}: objects created under ${source.prefix} in the upload bucket`,
          eventPattern: {
            source: ['aws.s3'],
            detailType: ['Object Created'],
            detail: { bucket: { name: [bucket.bucketName] }, object: { key: [{ prefix: source.prefix }] } },
          },
          targets: [
            new LambdaTarget(fn.fn, {
              event: RuleTargetInput.fromObject({
                Records: [
                  {
                    eventVersion: '2.1',
                    eventSource: 'aws:s3',
                    awsRegion: EventField.region,
                    eventTime: EventField.time,
                    eventName: 'ObjectCreated:Put',
                    s3: {
                      s3SchemaVersion: '1.0',
                      bucket: { name: EventField.fromPath('$.detail.bucket.name') },
                      object: {
                        key: EventField.fromPath('$.detail.object.key'),
                        size: EventField.fromPath('$.detail.object.size'),
                        eTag: EventField.fromPath('$.detail.object.etag'),
                        sequencer: EventField.fromPath('$.detail.object.sequencer'),
                      },
                    },
                  },
                ],
              }),
              retryAttempts: 2,
              maxEventAge: Duration.hours(6),
            }),
          ],
        });
        return;
      }
      case 'queue': {
        const queue = resources.deliveryQueue;
        if (!queue)
          throw new Error(`Function ${name} consumes the delivery queue, but its stack was not given it`);
        fn.fn.addEventSource(
          new SqsEventSource(queue, {
            batchSize: source.batchSize,
            maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
            reportBatchItemFailures: true,
          }),
        );
        this.deliveryAlarms(fn);
        return;
      }
      case 'mailEvents': {
        fn.fn.configureAsyncInvoke({
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          onFailure: new SqsDestination(this.asyncDeadLetterQueue(fn)),
        });
        // The configuration set publishes to the default bus (ReportingStack); only its events match.
        new Rule(this, `${name}-mail-events`, {
          description: `${name}: ${source.description}`,
          eventPattern: {
            source: ['aws.ses'],
            detailType: ['Email Bounced', 'Email Complaint Received'],
            detail: { mail: { tags: { 'ses:configuration-set': [names.mailConfigurationSet] } } },
          },
          targets: [new LambdaTarget(fn.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
        });
        return;
      }
      case 'deployment': {
        const trigger = new Trigger(this, `${name}-on-deployment`, {
          handler: fn.fn,
          // e.g. the bootstrap (first keys) after the migrations (the tables it writes).
          executeAfter: [...(this.props.deploymentAfter ?? []), ...this.triggers],
          // Re-run when the code (e.g. a new migration) changes, not only on the first deployment.
          executeOnHandlerChange: true,
          timeout: Duration.seconds(fn.spec.timeoutSeconds),
        });
        this.triggers.push(trigger);
        return;
      }
      case 'schedule': {
        const group = this.props.scheduleGroup;
        if (!group)
          throw new Error(
            `Function ${name} runs on a schedule, but its stack was not given a schedule group`,
          );
        new Schedule(this, `${name}-schedule-${this.node.children.length}`, {
          schedule: ScheduleExpression.expression(source.expression),
          description: source.description,
          scheduleGroup: group,
          target: new LambdaInvoke(fn.fn, {}),
        });
        // The stack's shared scheduler role gets `grantInvoke`, which also names the versions (`:*`).
        Validations.of(Stack.of(this)).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagFunctionVersions(fn)}]`,
          reason: 'Emitted by grantInvoke for the scheduler target role: this one function and its versions.',
        });
        return;
      }
    }
  }

  /** The encrypted on-failure queue of a function's asynchronous invocations, with its alarm. */
  private asyncDeadLetterQueue(fn: PlatformFunction): Queue {
    const name = fn.spec.name;
    const dlq = new Queue(this, `${name}-dlq`, {
      queueName: physicalNames(this.props.deployment).deadLetterQueue(name),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.props.imports.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of asynchronous invocations.',
    });
    Validations.of(fn).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Emitted by the SQS grant to send failed events to this function’s encrypted DLQ; scoped to its key.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason:
          'Emitted by the SQS grant to send failed events to this function’s encrypted DLQ; scoped to its key.',
      },
    );
    const alarm = new Alarm(this, `${name}-dead-letters`, {
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${name}: events moved to the dead-letter queue`,
    });
    alarm.addAlarmAction(new SnsAction(this.props.imports.alarmTopic));
    this.deadLetterQueues.set(name, dlq);
    return dlq;
  }

  /** Alarms on a delivery consumer: messages in the dead-letter queue, and failed deliveries. */
  private deliveryAlarms(fn: PlatformFunction): void {
    const name = fn.spec.name;
    const action = new SnsAction(this.props.imports.alarmTopic);
    const deadLetters = this.props.imports.resources.deliveryDeadLetterQueue;
    if (deadLetters)
      thresholdAlarm(this, `${name}-dead-letters`, {
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        description: `${name}: deliveries moved to the dead-letter queue`,
        action,
      });
    thresholdAlarm(this, `${name}-errors`, {
      metric: fn.fn.metricErrors({ period: Duration.minutes(1) }),
      threshold: 1,
      description: `${name}: the delivery function failed`,
      action,
    });
  }

  /** The function by topology name, or a clear error at synth time. */
  get(name: string): PlatformFunction {
    const fn = this.byName.get(name);
    if (!fn)
      throw new Error(`No function ${name} in domain ${this.props.domain} of ${Stack.of(this).stackName}`);
    return fn;
  }
}
