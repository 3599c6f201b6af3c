import { describe, expect, it } from 'vitest';
import { LocalDeliveryQueue } from '../../../../shared/adapters/local/local-delivery-queue';
import { deliverWebhook } from '../../../../shared/domain/notifications/deliver-webhook';
import type { DeliveryTask } from '../../../../shared/domain/notifications/delivery-task';
import type { WebhookAttempt, WebhookRequest, WebhookSender } from '../../../../shared/ports/webhook-sender';

class ScriptedSender implements WebhookSender {
  readonly requests: WebhookRequest[] = [];
  constructor(private readonly attempt: Omit<WebhookAttempt, 'durationMs'>) {}
  async send(request: WebhookRequest): Promise<WebhookAttempt> {
    this.requests.push(request);
    return { ...this.attempt, durationMs: 12 };
  }
}

const first = Date.parse('2026-12-02T10:51:00Z');
const task = (overrides: Partial<DeliveryTask> = {}): DeliveryTask => ({
  deliveryId: 'alr_1:2026-12-02T10:50:00Z:chn_1',
  tenantId: 'tenant-a',
  channel: { type: 'webhook', id: 'chn_1' },
  attempt: 1,
  firstAttemptAt: new Date(first).toISOString(),
  payload: { value: 846 },
  ...overrides,
});

/** A queue on a hand-moved clock, holding `t` received once. */
async function setUp(t: DeliveryTask, nowMs: number) {
  let clock = nowMs;
  const queue = new LocalDeliveryQueue({ now: () => clock });
  await queue.enqueue(t);
  const [delivery] = await queue.receive();
  if (!delivery) throw new Error('nothing received');
  return { queue, delivery, advance: (ms: number) => (clock += ms), now: () => new Date(clock) };
}

const target = async () => ({ url: 'https://hooks.example.com/nexus', secret: 'whsec_abc' });

describe('deliverWebhook', () => {
  it('acks a delivered attempt, sending the delivery id as the webhook id', async () => {
    const { queue, delivery, advance, now } = await setUp(task(), first);
    const sender = new ScriptedSender({ outcome: 'delivered', status: 200, retryable: false });

    const log = await deliverWebhook(delivery, {
      queue,
      sender,
      webhookTarget: target,
      now,
      random: () => 0.5,
    });

    expect(log).toMatchObject({ result: 'delivered', status: 200, attempt: 1, durationMs: 12 });
    expect(sender.requests[0]).toEqual({
      url: 'https://hooks.example.com/nexus',
      secret: 'whsec_abc',
      messageId: 'alr_1:2026-12-02T10:50:00Z:chn_1',
      payload: { value: 846 },
    });
    advance(3_600_000);
    expect(await queue.receive()).toEqual([]);
  });

  it('re-queues a retryable failure as the next attempt after the backoff', async () => {
    const { queue, delivery, advance, now } = await setUp(task({ attempt: 3 }), first + 90_000);
    const sender = new ScriptedSender({ outcome: 'failed', status: 503, retryable: true, error: 'HTTP 503' });

    const log = await deliverWebhook(delivery, {
      queue,
      sender,
      webhookTarget: target,
      now,
      random: () => 0.5,
    });

    expect(log).toMatchObject({ result: 'retry-scheduled', nextAttemptAt: '2026-12-02T10:54:30.000Z' });
    advance(119_000);
    expect(await queue.receive()).toEqual([]);
    advance(1_000);
    expect((await queue.receive()).map((d) => d.task.attempt)).toEqual([4]);
  });

  it('dead-letters a final failure and one whose retries have run out a day later', async () => {
    const refused = await setUp(task(), first);
    const exhausted = await setUp(task({ attempt: 13 }), first + 23.5 * 3_600_000);
    const deps = { webhookTarget: target, random: () => 0.5 };

    const a = await deliverWebhook(refused.delivery, {
      ...deps,
      queue: refused.queue,
      now: refused.now,
      sender: new ScriptedSender({
        outcome: 'refused',
        retryable: false,
        error: 'address 10.0.0.1 is private',
      }),
    });
    const b = await deliverWebhook(exhausted.delivery, {
      ...deps,
      queue: exhausted.queue,
      now: exhausted.now,
      sender: new ScriptedSender({ outcome: 'failed', retryable: true, error: 'timed out after 10000 ms' }),
    });

    expect([a.result, b.result]).toEqual(['dead-lettered', 'dead-lettered']);
    expect((await refused.queue.deadLetters?.receive())?.map((d) => d.task.attempt)).toEqual([1]);
    expect((await exhausted.queue.deadLetters?.receive())?.map((d) => d.task.attempt)).toEqual([13]);
  });

  it('dead-letters a delivery whose channel was deleted, sending nothing', async () => {
    const { queue, delivery, now } = await setUp(task(), first);
    const sender = new ScriptedSender({ outcome: 'delivered', retryable: false });

    const log = await deliverWebhook(delivery, {
      queue,
      sender,
      webhookTarget: async () => null,
      now,
      random: Math.random,
    });

    expect(log.result).toBe('dead-lettered');
    expect(sender.requests).toEqual([]);
  });
});
