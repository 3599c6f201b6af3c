/**
 * Observability: one CloudWatch dashboard per deployment (ingest rate, API errors and latency,
 * Lambda errors and throttles, Kinesis iterator age, lake-writer failures, DLQ depth, query
 * latency, model endpoint latency) and alarms that notify an encrypted SNS topic.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PlatformFunction } from '../constructs/platform-function';
import { type NexusStackProps, namePrefix } from './nexus-stack-props';

export interface ObservabilityStackProps extends NexusStackProps {
  readonly dataKey: IKey;
  readonly api: RestApi;
  readonly eventStream: IStream;
  /** Every function of the deployment, by topology name. */
  readonly functions: ReadonlyMap<string, PlatformFunction>;
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  readonly modelEndpoint?: { readonly endpointName: string; readonly variantNames: readonly string[] };
}

export class ObservabilityStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const prefix = namePrefix(props.deployment);
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `${prefix} alarms`,
      masterKey: props.dataKey,
      enforceSSL: true,
    });
    if (props.deployment.config.alarmEmail)
      this.alarmTopic.addSubscription(new EmailSubscription(props.deployment.config.alarmEmail));
    const notify = new SnsAction(this.alarmTopic);
    const alarm = (id: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      this.alarms.push(a);
      return a;
    };

    const api = props.api;
    const period = Duration.minutes(1);
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${prefix}-${this.region}` });
    const requests = api.metricCount({ period, statistic: 'Sum' });
    const ingest = props.functions.get('ingest-records');
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [requests, api.metricClientError({ period }), api.metricServerError({ period })],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency p50/p99',
        left: [
          api.metricLatency({ period, statistic: 'p50' }),
          api.metricLatency({ period, statistic: 'p99' }),
        ],
        width: 12,
      }),
    );
    alarm(
      'Api5xx',
      api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      10,
      'API 5xx responses',
    );

    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    for (const [name, fn] of props.functions) {
      errors.push(fn.fn.metricErrors({ period, label: name }));
      throttles.push(fn.fn.metricThrottles({ period, label: name }));
      alarm(
        `${name}-errors`,
        fn.fn.metricErrors({ period: Duration.minutes(5) }),
        5,
        `${name}: invocation errors`,
      );
      alarm(
        `${name}-throttles`,
        fn.fn.metricThrottles({ period: Duration.minutes(5) }),
        10,
        `${name}: throttled invocations`,
      );
    }
    dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', left: errors, width: 12 }),
      new GraphWidget({ title: 'Lambda throttles', left: throttles, width: 12 }),
    );

    const iteratorAge = props.eventStream.metricGetRecordsIteratorAgeMilliseconds({
      period,
      statistic: 'Maximum',
    });
    alarm(
      'StreamIteratorAge',
      iteratorAge,
      5 * 60_000,
      'Lake writer is more than 5 minutes behind the event stream',
    );
    const writer = props.functions.get('lake-writer');
    const dlqDepth: IMetric[] = [];
    for (const [name, queue] of props.deadLetterQueues) {
      dlqDepth.push(queue.metricApproximateNumberOfMessagesVisible({ period, label: `${name} DLQ` }));
      alarm(
        `${name}-dlq`,
        queue.metricApproximateNumberOfMessagesVisible({ period }),
        1,
        `${name}: batches moved to the dead-letter queue`,
      );
    }
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Ingest rate (records into the stream)',
        left: [props.eventStream.metricIncomingRecords({ period, statistic: 'Sum' })],
        right: ingest ? [ingest.fn.metricInvocations({ period })] : [],
        width: 8,
      }),
      new GraphWidget({
        title: 'Stream iterator age / lake-writer failures',
        left: [iteratorAge],
        right: writer ? [writer.fn.metricErrors({ period })] : [],
        width: 8,
      }),
      new GraphWidget({ title: 'Dead-letter queue depth', left: dlqDepth, width: 8 }),
    );

    const query = props.functions.get('queries');
    const endpointLatency: IMetric[] = (props.modelEndpoint?.variantNames ?? []).map(
      (variant) =>
        new Metric({
          namespace: 'AWS/SageMaker',
          metricName: 'ModelLatency',
          dimensionsMap: { EndpointName: props.modelEndpoint?.endpointName ?? '', VariantName: variant },
          statistic: 'p99',
          period,
          label: `${variant} p99`,
        }),
    );
    for (const variant of props.modelEndpoint?.variantNames ?? []) {
      alarm(
        `endpoint-${variant}-5xx`,
        new Metric({
          namespace: 'AWS/SageMaker',
          metricName: 'Invocation5XXErrors',
          dimensionsMap: { EndpointName: props.modelEndpoint?.endpointName ?? '', VariantName: variant },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        5,
        `Model endpoint variant ${variant}: server errors`,
      );
    }
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Query API latency (p50/p99)',
        left: query
          ? [
              query.fn.metricDuration({ period, statistic: 'p50' }),
              query.fn.metricDuration({ period, statistic: 'p99' }),
            ]
          : [],
        width: 12,
      }),
      new GraphWidget({ title: 'Model endpoint latency (µs)', left: endpointLatency, width: 12 }),
    );
  }
}
