/**
 * The alert capabilities: rules and channels in Postgres, delivery targets and the attempt log
 * in DynamoDB (read by the delivery function outside the VPC), the delivery queue on SQS, and
 * links to a metric's series in the public API.
 */

import { DynamoDeliveryStore } from '../adapters/aws/dynamodb-delivery-store';
import { SqsDeliveryQueue } from '../adapters/aws/sqs-delivery-queue';
import { PostgresAlertChannelStore } from '../adapters/postgres/postgres-alert-channel-store';
import { PostgresAlertStore } from '../adapters/postgres/postgres-alert-store';
import type { Interval } from '../domain/metrics/time-buckets';
import type { DeliveryQueue } from '../ports/delivery-queue';
import type { DeliveryStore } from '../ports/delivery-store';
import { dynamoDocumentClient } from './clients/dynamodb-client';
import { sqsClient } from './clients/sqs-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';
import { sqlPool } from './sql-pool';

export function alertStore(rt: Runtime = runtime()): PostgresAlertStore {
  return new PostgresAlertStore(sqlPool(rt));
}

export function alertChannelStore(rt: Runtime = runtime()): PostgresAlertChannelStore {
  return new PostgresAlertChannelStore(sqlPool(rt));
}

export function deliveryStore(rt: Runtime = runtime()): DeliveryStore {
  return new DynamoDeliveryStore(rt.client(dynamoDocumentClient), {
    tableName: required(rt.config, 'deliveryTable'),
  });
}

/** The queue senders put deliveries on (they only enqueue: dead letters are the consumer's business). */
export function deliveryQueue(rt: Runtime = runtime()): Pick<DeliveryQueue, 'enqueue'> {
  const queueUrl = required(rt.config, 'deliveryQueueUrl');
  return new SqsDeliveryQueue(rt.client(sqsClient), { queueUrl, deadLetterQueueUrl: queueUrl });
}

/** The queue with its dead-letter queue, for the delivery function. */
export function consumedDeliveryQueue(rt: Runtime = runtime()): DeliveryQueue {
  return new SqsDeliveryQueue(rt.client(sqsClient), {
    queueUrl: required(rt.config, 'deliveryQueueUrl'),
    deadLetterQueueUrl: required(rt.config, 'deliveryDeadLetterQueueUrl'),
  });
}

/** Absolute links to a metric's series, for notifications. */
export function seriesLink(rt: Runtime = runtime()) {
  const base = required(rt.config, 'publicApiUrl').replace(/\/+$/, '');
  return (metricId: string, from: Date, to: Date, interval: Interval): string => {
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), interval });
    return `${base}/v1/metrics/${encodeURIComponent(metricId)}/series?${query.toString()}`;
  };
}
