/**
 * Consumes the alert delivery queue (SQS event source): one attempt per message, logged in the
 * channel's delivery log. A message that fails unexpectedly is reported as a batch item failure,
 * so SQS gives it back and, after its receive limit, dead-letters it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type DeliverAlertDeps, deliverReceived } from '../../../shared/domain/alerts/deliver-alert';
import { definedProps } from '../../../shared/domain/defined-props';

export interface AlertDeliveryDeps extends DeliverAlertDeps {
  readonly logger: Logger;
  readonly cloudMetrics: Metrics;
}

export function makeAlertDeliveryHandler(deps: AlertDeliveryDeps) {
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const notBefore = record.messageAttributes['notBefore']?.stringValue;
      try {
        const outcome = await deliverReceived(
          definedProps({
            receipt: record.receiptHandle,
            body: record.body,
            receiveCount: Number(record.attributes.ApproximateReceiveCount ?? 1),
            notBefore: notBefore ? Number(notBefore) : undefined,
          }),
          deps,
        );
        if (outcome === 'deferred') continue;
        deps.logger.info('delivery attempt', { ...outcome });
        deps.cloudMetrics.addMetric(
          outcome.result === 'delivered'
            ? 'Delivered'
            : outcome.result === 'dead-lettered'
              ? 'DeadLettered'
              : 'RetryScheduled',
          MetricUnit.Count,
          1,
        );
      } catch (error) {
        deps.logger.error('delivery failed', {
          messageId: record.messageId,
          error: (error as Error).message,
        });
        deps.cloudMetrics.addMetric('DeliveryErrors', MetricUnit.Count, 1);
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.cloudMetrics));
}
