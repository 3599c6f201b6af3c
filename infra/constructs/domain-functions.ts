/**
 * Creates every topology function of one domain in the calling stack: PlatformFunction, its
 * needs bound (env + grants), and its event sources (Kinesis with partial batch responses,
 * bisect on error and an SQS dead-letter queue; S3 notifications; Scheduler schedules).
 */
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { KinesisEventSource, S3EventSourceV2, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { type IScheduleGroup, Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct, type IConstruct } from 'constructs';
import { type Domain, type EventSourceSpec, functions } from '../../shared/topology';
import type { Deployment } from '../config/deployment-config';
import { PlatformFunction } from './platform-function';
import { bindNeeds, type NexusResources } from './resource-bindings';

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
  readonly placement: FunctionPlacement;
  readonly resources: NexusResources;
  /** Needed only by functions with schedule event sources. */
  readonly scheduleGroup?: IScheduleGroup;
  /** What `deployment` event sources run after (e.g. the database and its proxy). @default none */
  readonly deploymentAfter?: readonly IConstruct[];
}

export class DomainFunctions extends Construct {
  /** By topology name. */
  readonly byName = new Map<string, PlatformFunction>();
  /** Dead-letter queues of stream event sources, by function name. */
  readonly deadLetterQueues = new Map<string, Queue>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DomainFunctionsProps,
  ) {
    super(scope, id);
    const { config, stage } = props.deployment;
    for (const spec of functions.filter((f) => f.domain === props.domain)) {
      const fn = new PlatformFunction(this, spec.name, {
        spec,
        namePrefix: `${props.deployment.app}-${stage}`,
        stage,
        logLevel: config.logLevel,
        vpc: props.placement.vpc,
        securityGroups: [props.placement.securityGroup],
        ...(config.reservedConcurrency[spec.name] !== undefined
          ? { reservedConcurrency: config.reservedConcurrency[spec.name] }
          : {}),
        awsSdk: config.awsSdk,
        logRetention: config.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      });
      bindNeeds(fn, props.resources);
      for (const source of spec.eventSources ?? []) this.addEventSource(fn, source);
      this.byName.set(spec.name, fn);
    }
  }

  private addEventSource(fn: PlatformFunction, source: EventSourceSpec): void {
    const { resources } = this.props;
    const name = fn.spec.name;
    switch (source.kind) {
      case 'kinesis': {
        const stream = resources.eventStream;
        if (!stream)
          throw new Error(`Function ${name} reads the event stream, but its stack was not given it`);
        const dlq = this.deadLetterQueue(fn, 'the dead-letter destination of the stream event source');
        fn.fn.addEventSource(
          new KinesisEventSource(stream, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: source.batchSize,
            maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
            parallelizationFactor: source.parallelizationFactor,
            retryAttempts: source.maxRetryAttempts,
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            onFailure: new SqsDlq(dlq),
          }),
        );
        return;
      }
      case 's3': {
        const bucket = resources.uploadBucket;
        if (!bucket)
          throw new Error(`Function ${name} reacts to uploads, but its stack was not given the bucket`);
        // S3 invokes asynchronously: after Lambda's retries an event goes to a DLQ, not nowhere.
        fn.fn.configureAsyncInvoke({
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          onFailure: new SqsDestination(
            this.deadLetterQueue(fn, 'the on-failure destination of S3 event invocations'),
          ),
        });
        fn.fn.addEventSource(
          new S3EventSourceV2(bucket, {
            events: [EventType.OBJECT_CREATED],
            filters: [{ prefix: source.prefix }],
          }),
        );
        // The notifications are set by CDK's singleton custom resource (one per stack).
        for (const child of Stack.of(this).node.children) {
          if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
          Validations.of(child).acknowledge({
            id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            reason:
              'CDK’s own BucketNotificationsHandler (it sets the upload bucket’s notification configuration at deployment); its role takes only the basic logging policy.',
          });
        }
        return;
      }
      case 'deployment': {
        new Trigger(this, `${name}-on-deployment`, {
          handler: fn.fn,
          executeAfter: [...(this.props.deploymentAfter ?? [])],
          // Re-run when the code (e.g. a new migration) changes, not only on the first deployment.
          executeOnHandlerChange: true,
          timeout: Duration.seconds(fn.spec.timeoutSeconds),
        });
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
        // The targets' role is CDK's singleton per stack; grantInvoke adds the function's versions (`:*`).
        const logicalId = Stack.of(this).getLogicalId(fn.fn.node.defaultChild as CfnElement);
        for (const child of Stack.of(this).node.children) {
          if (!child.node.id.startsWith('SchedulerRoleForTarget')) continue;
          Validations.of(child).acknowledge({
            id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
            reason: `EventBridge Scheduler may invoke ${name} and its versions (lambda:InvokeFunction only), as CDK grants a scheduled target.`,
          });
        }
        return;
      }
    }
  }

  /** One encrypted dead-letter queue per function, alarmed by the Observability stack. */
  private deadLetterQueue(fn: PlatformFunction, role: string): Queue {
    const name = fn.spec.name;
    const existing = this.deadLetterQueues.get(name);
    if (existing) return existing;
    const dlq = new Queue(this, `${name}-dlq`, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.props.placement.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself ${role}.` });
    this.deadLetterQueues.set(name, dlq);
    // The SQS grant that lets the function (or Lambda on its behalf) send to the encrypted queue.
    Validations.of(fn).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Emitted by the SQS grant for sending failed events to this function’s encrypted DLQ; scoped to the data key.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason:
          'Emitted by the SQS grant for sending failed events to this function’s encrypted DLQ; scoped to the data key.',
      },
    );
    return dlq;
  }

  /** The function by topology name, or a clear error at synth time. */
  get(name: string): PlatformFunction {
    const fn = this.byName.get(name);
    if (!fn)
      throw new Error(`No function ${name} in domain ${this.props.domain} of ${Stack.of(this).stackName}`);
    return fn;
  }
}
