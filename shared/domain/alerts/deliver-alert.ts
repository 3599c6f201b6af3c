/**
 * Use case: one attempt at a queued alert delivery, logged in the channel's delivery log.
 * Webhooks go through deliverWebhook (signed, retried with backoff, then dead-lettered); emails
 * are rendered with the chart inline and sent per recipient, a retry going only to the
 * recipients that failed.
 */
import type { ChartRenderer } from '../../ports/chart-renderer';
import type { DeliveryQueue, QueuedDelivery } from '../../ports/delivery-queue';
import type { DeliveryStore } from '../../ports/delivery-store';
import type { Mailer } from '../../ports/mailer';
import type { WebhookSender } from '../../ports/webhook-sender';
import { definedProps } from '../defined-props';
import { deliverWebhook } from '../notifications/deliver-webhook';
import { parseDeliveryTask } from '../notifications/delivery-task';
import { nextRetry, type RetryPolicy, webhookRetryPolicy } from '../notifications/retry-schedule';
import { sendAlertEmails } from '../notifications/send-alert-emails';
import type { DeliveryAttempt } from './alert-channel';
import type { AlertDeliveryPayload } from './alert-notification';

export interface DeliverAlertDeps {
  readonly queue: DeliveryQueue;
  readonly store: DeliveryStore;
  readonly sender: WebhookSender;
  readonly mailer: Mailer;
  readonly charts: ChartRenderer;
  readonly now: () => Date;
  readonly random: () => number;
  /** @default webhookRetryPolicy */
  readonly policy?: RetryPolicy;
}

async function deliverEmail(delivery: QueuedDelivery, deps: DeliverAlertDeps): Promise<DeliveryAttempt> {
  const { task } = delivery;
  const at = deps.now();
  const base = {
    tenantId: task.tenantId,
    channelId: task.channel.id,
    deliveryId: task.deliveryId,
    attempt: task.attempt,
    at: at.toISOString(),
  };
  const target = await deps.store.target(task.tenantId, task.channel.id);
  if (target?.type !== 'email') {
    await deps.queue.deadLetter(delivery, 'channel no longer exists');
    return { ...base, result: 'dead-lettered', error: 'channel no longer exists', durationMs: 0 };
  }
  const payload = task.payload as unknown as AlertDeliveryPayload;
  const recipients = payload.onlyRecipients ?? target.recipients;
  const result = await sendAlertEmails(
    {
      notice: payload.notice,
      ...definedProps({ chart: payload.chart }),
      recipients,
      tags: { tenant: task.tenantId, alert: payload.notice.alertId },
    },
    { mailer: deps.mailer, charts: deps.charts },
  );
  const durationMs = deps.now().getTime() - at.getTime();
  const failed = result.recipients.flatMap((r) => (r.status === 'failed' ? [r] : []));
  if (failed.length === 0) {
    await deps.queue.ack(delivery.receipt);
    return { ...base, result: 'delivered', recipients: recipients.length, durationMs };
  }
  const error = failed
    .map((f) => `${f.recipient}: ${f.error}`)
    .join('; ')
    .slice(0, 1000);
  const decision = nextRetry(
    deps.policy ?? webhookRetryPolicy,
    { attempt: task.attempt, elapsedMs: at.getTime() - Date.parse(task.firstAttemptAt), retryable: true },
    deps.random(),
  );
  if (decision.action === 'dead-letter') {
    await deps.queue.deadLetter(delivery, `${decision.reason}: ${error}`);
    return { ...base, result: 'dead-lettered', error, recipients: recipients.length, durationMs };
  }
  const retry: AlertDeliveryPayload = { ...payload, onlyRecipients: failed.map((f) => f.recipient) };
  await deps.queue.enqueue(
    { ...task, attempt: decision.attempt, payload: JSON.parse(JSON.stringify(retry)) },
    { delayMs: decision.delayMs },
  );
  await deps.queue.ack(delivery.receipt);
  return {
    ...base,
    result: 'retry-scheduled',
    error,
    recipients: recipients.length,
    durationMs,
    nextAttemptAt: new Date(at.getTime() + decision.delayMs).toISOString(),
  };
}

/** Makes the attempt and logs it; the log entry is returned too. */
export async function deliverAlert(
  delivery: QueuedDelivery,
  deps: DeliverAlertDeps,
): Promise<DeliveryAttempt> {
  const attempt =
    delivery.task.channel.type === 'webhook'
      ? await deliverWebhook(delivery, {
          queue: deps.queue,
          sender: deps.sender,
          webhookTarget: async (tenantId, channelId) => {
            const target = await deps.store.target(tenantId, channelId);
            return target?.type === 'webhook' ? { url: target.url, secret: target.secret } : null;
          },
          now: deps.now,
          random: deps.random,
          ...definedProps({ policy: deps.policy }),
        })
      : await deliverEmail(delivery, deps);
  await deps.store.record(attempt);
  return attempt;
}

/** A message as the queue's event source hands it over. */
export interface ReceivedMessage {
  readonly receipt: string;
  readonly body: string;
  readonly receiveCount: number;
  /** Epoch ms before which the message is not due (backoffs past the queue's longest delay). */
  readonly notBefore?: number;
}

/**
 * Delivers a received message, or puts it back for the rest of its wait when it came early.
 * Throws MalformedDeliveryTaskError for a body that is not a task (the queue's redrive then
 * dead-letters it).
 */
export async function deliverReceived(
  message: ReceivedMessage,
  deps: DeliverAlertDeps,
): Promise<DeliveryAttempt | 'deferred'> {
  const task = parseDeliveryTask(message.body);
  const remainingMs = (message.notBefore ?? 0) - deps.now().getTime();
  if (remainingMs > 0) {
    await deps.queue.enqueue(task, { delayMs: remainingMs });
    await deps.queue.ack(message.receipt);
    return 'deferred';
  }
  return deliverAlert({ receipt: message.receipt, task, receiveCount: message.receiveCount }, deps);
}
