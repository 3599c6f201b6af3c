/**
 * Use case: one attempt at a queued webhook delivery. Delivered → acked; failed → re-queued as
 * the next attempt after the retry schedule's wait, or dead-lettered when the failure is final
 * or the schedule has run out. Returns the attempt for the channel's delivery log.
 */
import type { DeliveryQueue, QueuedDelivery } from '../../ports/delivery-queue';
import type { WebhookSender } from '../../ports/webhook-sender';
import { definedProps } from '../defined-props';
import { nextRetry, type RetryPolicy, webhookRetryPolicy } from './retry-schedule';

export interface WebhookTarget {
  readonly url: string;
  readonly secret: string;
}

export interface DeliverWebhookDeps {
  readonly queue: DeliveryQueue;
  readonly sender: WebhookSender;
  /** The channel's URL and secret now (secrets never travel on the queue); null once deleted. */
  readonly webhookTarget: (tenantId: string, channelId: string) => Promise<WebhookTarget | null>;
  readonly now: () => Date;
  /** A draw in [0, 1) for the retry jitter. */
  readonly random: () => number;
  /** @default webhookRetryPolicy */
  readonly policy?: RetryPolicy;
}

export interface WebhookDeliveryLogEntry {
  readonly deliveryId: string;
  readonly tenantId: string;
  readonly channelId: string;
  readonly attempt: number;
  readonly at: string;
  readonly result: 'delivered' | 'retry-scheduled' | 'dead-lettered';
  readonly status?: number;
  readonly error?: string;
  readonly durationMs: number;
  /** When the next attempt is due, for a scheduled retry. */
  readonly nextAttemptAt?: string;
}

export async function deliverWebhook(
  delivery: QueuedDelivery,
  deps: DeliverWebhookDeps,
): Promise<WebhookDeliveryLogEntry> {
  const { task } = delivery;
  const at = deps.now();
  const base = {
    deliveryId: task.deliveryId,
    tenantId: task.tenantId,
    channelId: task.channel.id,
    attempt: task.attempt,
    at: at.toISOString(),
  };
  const target = await deps.webhookTarget(task.tenantId, task.channel.id);
  if (!target) {
    await deps.queue.deadLetter(delivery, 'channel no longer exists');
    return { ...base, result: 'dead-lettered', error: 'channel no longer exists', durationMs: 0 };
  }
  const attempt = await deps.sender.send({
    url: target.url,
    secret: target.secret,
    messageId: task.deliveryId,
    payload: task.payload,
  });
  const outcome = {
    ...base,
    ...definedProps({ status: attempt.status, error: attempt.error }),
    durationMs: attempt.durationMs,
  };
  if (attempt.outcome === 'delivered') {
    await deps.queue.ack(delivery.receipt);
    return { ...outcome, result: 'delivered' };
  }
  const decision = nextRetry(
    deps.policy ?? webhookRetryPolicy,
    {
      attempt: task.attempt,
      elapsedMs: at.getTime() - Date.parse(task.firstAttemptAt),
      retryable: attempt.retryable,
    },
    deps.random(),
  );
  if (decision.action === 'dead-letter') {
    await deps.queue.deadLetter(delivery, `${decision.reason}: ${attempt.error ?? attempt.outcome}`);
    return { ...outcome, result: 'dead-lettered' };
  }
  // Queue the next attempt before acking this one: a crash in between repeats, never loses, it.
  await deps.queue.enqueue({ ...task, attempt: decision.attempt }, { delayMs: decision.delayMs });
  await deps.queue.ack(delivery.receipt);
  return {
    ...outcome,
    result: 'retry-scheduled',
    nextAttemptAt: new Date(at.getTime() + decision.delayMs).toISOString(),
  };
}
