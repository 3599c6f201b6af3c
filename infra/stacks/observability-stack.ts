/**
 * Observability: the alarm topic (encrypted with the Platform stack's alarm key; its policy lets
 * CloudWatch publish; e-mail subscribers from the stage's `alarmEmails`), one CloudWatch
 * dashboard per deployment (ingest rate, API errors and latency, Lambda errors and throttles,
 * consumer iterator age, dead letters, query latency, model endpoint latency) and alarms on
 * errors, throttles and 5xx. Every metric is addressed by physical name, so this stack depends on
 * no function stack; it deploys before them, and their event-source alarms (StreamConsumer, the
 * upload DLQ) notify its topic.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, Dashboard, GraphWidget, type IMetric, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import { functions } from '../../shared/topology';
import { physicalNames } from '../config/physical-names';
import type { ModelServing } from '../config/stage-resources';
import { ImportedResources } from '../constructs/imported-resources';
import { thresholdAlarm } from '../constructs/threshold-alarm';
import type { FunctionStackProps } from './nexus-stack-props';

export interface ObservabilityStackProps extends FunctionStackProps {
  /** Each variant with the SageMaker endpoint serving it (its own with Serverless Inference). */
  readonly modelEndpoint?: ModelServing;
}

export class ObservabilityStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const names = physicalNames(props.deployment);
    const imports = new ImportedResources(this, props.deployment, props.network);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: names.alarmTopic,
      displayName: `${names.prefix} alarms`,
      masterKey: imports.alarmKey,
      enforceSSL: true,
    });
    // enforceSSL leaves the topic policy with a single Deny: CloudWatch needs an explicit Allow,
    // limited to this account's alarms.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );
    for (const email of props.deployment.config.alarmEmails)
      this.alarmTopic.addSubscription(new EmailSubscription(email));

    const notify = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      const a = thresholdAlarm(this, alarmId, { metric, threshold, description, action: notify });
      this.alarms.push(a);
      return a;
    };

    const period = Duration.minutes(1);
    const metric = (
      namespace: string,
      metricName: string,
      dimensionsMap: Record<string, string>,
      statistic: string,
      options: { period?: Duration; label?: string } = {},
    ) =>
      new Metric({
        namespace,
        metricName,
        dimensionsMap,
        statistic,
        period: options.period ?? period,
        ...definedProps({ label: options.label }),
      });
    const apiMetric = (name: string, statistic: string, p?: Duration) =>
      metric('AWS/ApiGateway', name, { ApiName: names.restApi }, statistic, definedProps({ period: p }));
    const fnMetric = (fn: string, name: string, statistic: string, p?: Duration) =>
      metric(
        'AWS/Lambda',
        name,
        { FunctionName: names.function(fn) },
        statistic,
        definedProps({ label: fn, period: p }),
      );

    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: names.dashboard });
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [apiMetric('Count', 'Sum'), apiMetric('4XXError', 'Sum'), apiMetric('5XXError', 'Sum')],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency p50/p99',
        left: [apiMetric('Latency', 'p50'), apiMetric('Latency', 'p99')],
        width: 12,
      }),
    );
    alarm('Api5xx', apiMetric('5XXError', 'Sum', Duration.minutes(5)), 10, 'API 5xx responses');

    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    for (const { name } of functions) {
      errors.push(fnMetric(name, 'Errors', 'Sum'));
      throttles.push(fnMetric(name, 'Throttles', 'Sum'));
      alarm(
        `${name}-errors`,
        fnMetric(name, 'Errors', 'Sum', Duration.minutes(5)),
        5,
        `${name}: invocation errors`,
      );
      alarm(
        `${name}-throttles`,
        fnMetric(name, 'Throttles', 'Sum', Duration.minutes(5)),
        10,
        `${name}: throttled invocations`,
      );
    }
    dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', left: errors, width: 12 }),
      new GraphWidget({ title: 'Lambda throttles', left: throttles, width: 12 }),
    );

    // Consumers of the stream and of uploads: their lag and dead-letter alarms live with them.
    const consumers = functions.filter((f) => f.eventSources?.some((s) => s.kind === 'kinesis'));
    const withDeadLetters = functions.filter((f) =>
      f.eventSources?.some((s) => s.kind === 'kinesis' || s.kind === 's3'),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Ingest rate (records into the stream)',
        left: [metric('AWS/Kinesis', 'IncomingRecords', { StreamName: names.eventStream }, 'Sum')],
        right: functions
          .filter((f) => f.needs.includes('eventStream:write'))
          .map((f) => fnMetric(f.name, 'Invocations', 'Sum')),
        width: 8,
      }),
      new GraphWidget({
        title: 'Stream consumers: iterator age / errors',
        left: consumers.map((f) => fnMetric(f.name, 'IteratorAge', 'Maximum')),
        right: consumers.map((f) => fnMetric(f.name, 'Errors', 'Sum')),
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queue depth',
        left: withDeadLetters.map((f) =>
          metric(
            'AWS/SQS',
            'ApproximateNumberOfMessagesVisible',
            { QueueName: names.deadLetterQueue(f.name) },
            'Maximum',
            { label: `${f.name} DLQ` },
          ),
        ),
        width: 8,
      }),
    );

    const endpoint = props.modelEndpoint;
    type Variant = ModelServing['variants'][number];
    const variantMetric = (variant: Variant, metricName: string, statistic: string, p?: Duration) =>
      metric(
        'AWS/SageMaker',
        metricName,
        { EndpointName: variant.endpointName, VariantName: variant.variantName },
        statistic,
        definedProps({ label: `${variant.variantName} ${statistic}`, period: p }),
      );
    for (const variant of endpoint?.variants ?? [])
      alarm(
        `endpoint-${variant.variantName}-5xx`,
        variantMetric(variant, 'Invocation5XXErrors', 'Sum', Duration.minutes(5)),
        5,
        `Model endpoint variant ${variant.variantName}: server errors`,
      );
    const routed = functions.filter((f) => f.routes?.length && f.needs.includes('queryEngine'));
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Query API latency (p50/p99)',
        left: routed.flatMap((f) => [
          fnMetric(f.name, 'Duration', 'p50'),
          fnMetric(f.name, 'Duration', 'p99'),
        ]),
        width: 12,
      }),
      new GraphWidget({
        title: 'Model endpoint latency (µs)',
        left: (endpoint?.variants ?? []).map((v) => variantMetric(v, 'ModelLatency', 'p99')),
        width: 12,
      }),
    );
  }
}
