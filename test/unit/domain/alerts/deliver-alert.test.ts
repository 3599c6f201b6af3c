/**
 * One delivery attempt per queued alert notification: emails to the channel's recipients with
 * the chart inline, a retry only to the recipients that failed, deliveries to a deleted channel
 * dead-lettered, early messages put back for the rest of their wait; every attempt logged.
 */
import { describe, expect, it } from 'vitest';
import { LocalDeliveryQueue } from '../../../../shared/adapters/local/local-delivery-queue';
import type { AlertDeliveryPayload } from '../../../../shared/domain/alerts/alert-notification';
import { deliverReceived } from '../../../../shared/domain/alerts/deliver-alert';
import type { DeliveryTask } from '../../../../shared/domain/notifications/delivery-task';
import type { ChartRenderer } from '../../../../shared/ports/chart-renderer';
import type { WebhookRequest, WebhookSender } from '../../../../shared/ports/webhook-sender';
import { firingNotice } from '../../../support/notifications/alert-fixtures';
import { alertChartInput } from '../../../support/notifications/series-fixtures';
import { InMemoryDeliveryStore } from '../../../support/twins/in-memory-delivery-store';
import { RecordingMailer } from '../../../support/twins/recording-mailer';

const charts: ChartRenderer = {
  render: async () => ({
    png: Uint8Array.from([137, 80, 78, 71]),
    width: 560,
    height: 220,
    widthPx: 1120,
    heightPx: 440,
  }),
};

class RecordingSender implements WebhookSender {
  readonly requests: WebhookRequest[] = [];
  async send(request: WebhookRequest) {
    this.requests.push(request);
    return { outcome: 'delivered' as const, status: 204, retryable: false, durationMs: 3 };
  }
}

const { chart: _c, unsubscribeUrl: _u, ...notice } = firingNotice();
const now = new Date('2026-12-02T10:52:00Z');

function setup(failFor: readonly string[] = []) {
  let clock = now.getTime();
  const queue = new LocalDeliveryQueue({ now: () => clock });
  const store = new InMemoryDeliveryStore();
  const mailer = new RecordingMailer(new Set(failFor));
  const sender = new RecordingSender();
  const deps = {
    queue,
    store,
    mailer,
    sender,
    charts,
    now: () => new Date(clock),
    random: () => 0.5,
  };
  return { queue, store, mailer, sender, deps, advance: (ms: number) => (clock += ms) };
}

const emailTask = (payload: AlertDeliveryPayload = { notice, chart: alertChartInput() }): DeliveryTask => ({
  deliveryId: 'alr_1:2026-12-02T10:50:00.000Z:firing:chn_mail',
  tenantId: 'tenant-a',
  channel: { type: 'email', id: 'chn_mail' },
  attempt: 1,
  firstAttemptAt: now.toISOString(),
  payload: JSON.parse(JSON.stringify(payload)),
});

async function receiveOne(queue: LocalDeliveryQueue) {
  const [got] = await queue.receive();
  if (!got) throw new Error('nothing on the queue');
  return { receipt: got.receipt, body: JSON.stringify(got.task), receiveCount: got.receiveCount };
}

describe('deliverReceived', () => {
  it('emails every recipient of the channel with the chart inline and logs one delivered attempt', async () => {
    const s = setup();
    await s.store.putTarget('tenant-a', 'chn_mail', {
      type: 'email',
      recipients: ['ana@acme.test', 'bo@acme.test'],
    });
    await s.queue.enqueue(emailTask());

    const attempt = await deliverReceived(await receiveOne(s.queue), s.deps);

    expect(attempt).toMatchObject({ result: 'delivered', recipients: 2, attempt: 1 });
    expect(s.mailer.sent.map((m) => m.to)).toEqual(['ana@acme.test', 'bo@acme.test']);
    expect(s.mailer.sent[0]?.attachments?.map((a) => [a.contentType, a.disposition])).toEqual([
      ['image/png', 'inline'],
    ]);
    expect(await s.store.attempts('tenant-a', 'chn_mail', 10)).toEqual([attempt]);
    expect(await s.queue.receive()).toEqual([]);
  });

  it('retries only the recipients that failed, after the first backoff', async () => {
    const s = setup(['bo@acme.test']);
    await s.store.putTarget('tenant-a', 'chn_mail', {
      type: 'email',
      recipients: ['ana@acme.test', 'bo@acme.test'],
    });
    await s.queue.enqueue(emailTask());

    const first = await deliverReceived(await receiveOne(s.queue), s.deps);
    s.advance(30_000);
    const [retry] = await s.queue.receive();

    expect(first).toMatchObject({
      result: 'retry-scheduled',
      error: expect.stringContaining('bo@acme.test'),
    });
    expect(retry?.task.attempt).toBe(2);
    if (!retry) throw new Error('no retry queued');
    const second = await deliverReceived(
      { receipt: retry.receipt, body: JSON.stringify(retry.task), receiveCount: 1 },
      s.deps,
    );
    expect(second).toMatchObject({ attempt: 2, result: 'retry-scheduled', recipients: 1 });
    // Ana got hers on the first attempt only.
    expect(s.mailer.sent.map((m) => m.to)).toEqual(['ana@acme.test']);
  });

  it('dead-letters a delivery whose channel was deleted, and sends nothing', async () => {
    const s = setup();
    await s.queue.enqueue(emailTask());

    const attempt = await deliverReceived(await receiveOne(s.queue), s.deps);

    expect(attempt).toMatchObject({ result: 'dead-lettered', error: 'channel no longer exists' });
    expect(s.mailer.sent).toEqual([]);
    expect((await s.queue.deadLetters?.receive())?.map((d) => d.task.deliveryId)).toEqual([
      emailTask().deliveryId,
    ]);
  });

  it('signs webhooks with the secret from the delivery table, never from the task', async () => {
    const s = setup();
    await s.store.putTarget('tenant-a', 'chn_hook', {
      type: 'webhook',
      url: 'https://hooks.acme.test/nexus',
      secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=',
    });
    await s.queue.enqueue({
      ...emailTask(),
      channel: { type: 'webhook', id: 'chn_hook' },
      payload: { type: 'alert.firing' },
    });

    const attempt = await deliverReceived(await receiveOne(s.queue), s.deps);

    expect(attempt).toMatchObject({ result: 'delivered', status: 204 });
    expect(s.sender.requests.map((r) => [r.url, r.secret, r.payload])).toEqual([
      [
        'https://hooks.acme.test/nexus',
        'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=',
        { type: 'alert.firing' },
      ],
    ]);
  });

  it('puts a message that came before its time back for the rest of its wait', async () => {
    const s = setup();
    await s.store.putTarget('tenant-a', 'chn_mail', { type: 'email', recipients: ['ana@acme.test'] });
    await s.queue.enqueue(emailTask());
    const early = { ...(await receiveOne(s.queue)), notBefore: now.getTime() + 3_600_000 };

    expect(await deliverReceived(early, s.deps)).toBe('deferred');
    expect(await s.queue.receive()).toEqual([]);
    s.advance(3_600_000);
    expect((await s.queue.receive()).map((d) => d.task.deliveryId)).toEqual([emailTask().deliveryId]);
    expect(s.mailer.sent).toEqual([]);
  });
});
