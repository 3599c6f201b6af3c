/** What the alert delivery function runs with (outside the VPC): the queue, targets and log, SES, charts, webhooks. */
import { consumedDeliveryQueue, deliveryStore } from '../alert-stores';
import { chartRenderer } from '../chart-renderer';
import { createLogger, createMetrics } from '../http-handler';
import { mailer } from '../mailer';
import { type Runtime, runtime } from '../runtime';
import { webhookSender } from '../webhook-sender';

export function alertDeliveryDeps(rt: Runtime = runtime()) {
  return {
    queue: consumedDeliveryQueue(rt),
    store: deliveryStore(rt),
    sender: webhookSender(rt),
    mailer: mailer(rt),
    charts: chartRenderer(rt),
    now: () => new Date(),
    random: Math.random,
    logger: createLogger('alert-delivery'),
    cloudMetrics: createMetrics('alert-delivery'),
  };
}
