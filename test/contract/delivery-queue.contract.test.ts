/**
 * DeliveryQueue contract: the local in-memory queue and SqsDeliveryQueue on fauxqs (an
 * SQS-compatible server embedded in the test process, spoken to by the real SQS client) must
 * behave alike. Delays past SQS's 15-minute limit take real time on SQS, so that re-queueing
 * path is tested in test/unit/adapters/aws/sqs-delivery-queue.test.ts with the SDK mocked.
 */
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../infra/local/resources';
import { SqsDeliveryQueue } from '../../shared/adapters/aws/sqs-delivery-queue';
import { LocalDeliveryQueue } from '../../shared/adapters/local/local-delivery-queue';
import type { DeliveryTask } from '../../shared/domain/notifications/delivery-task';
import type { DeliveryQueue } from '../../shared/ports/delivery-queue';

interface Subject {
  readonly queue: DeliveryQueue;
  /** The same queue's dead letters, read as a queue. */
  readonly deadLetters: DeliveryQueue;
}

/** Every subject: a 2 s visibility timeout (room for a busy CI machine between calls) and 3 receives before dead-lettering. */
const visibilityMs = 2_000;
const maxReceives = 3;

const task = (overrides: Partial<DeliveryTask> = {}): DeliveryTask => ({
  deliveryId: `alr_1:2026-12-02T10:50:00Z:${randomUUID()}`,
  tenantId: 'tenant-a',
  channel: { type: 'webhook', id: 'chn_1' },
  attempt: 1,
  firstAttemptAt: '2026-12-02T10:51:00.000Z',
  payload: { alertId: 'alr_1', value: 846, band: [29.5, 52.9] },
  ...overrides,
});

function describeContract(name: string, makeSubject: () => Promise<Subject>): void {
  describe(`DeliveryQueue contract: ${name}`, () => {
    let s: Subject;
    beforeEach(async () => {
      s = await makeSubject();
    });

    it('hands out what was enqueued, once acked never again', async () => {
      const sent = task();
      await s.queue.enqueue(sent);

      const [got, ...rest] = await s.queue.receive({ waitMs: 1_000 });
      expect(rest).toEqual([]);
      expect(got?.task).toEqual(sent);
      expect(got?.receiveCount).toBe(1);
      await s.queue.ack(got?.receipt ?? '');

      await new Promise((r) => setTimeout(r, visibilityMs + 200));
      expect(await s.queue.receive()).toEqual([]);
    });

    it('holds a delayed task back until its delay has passed', async () => {
      await s.queue.enqueue(task({ attempt: 2 }), { delayMs: 1_500 });

      const early = await s.queue.receive();
      const started = Date.now();
      const later = await s.queue.receive({ waitMs: 4_000 });

      expect(early).toEqual([]);
      expect(later.map((d) => d.task.attempt)).toEqual([2]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    });

    it('gives an unacked task back after the visibility timeout, counting the receives', async () => {
      const sent = task();
      await s.queue.enqueue(sent);

      const first = await s.queue.receive({ waitMs: 1_000 });
      const hidden = await s.queue.receive();
      const again = await s.queue.receive({ waitMs: 4_000 });

      expect(first.map((d) => d.receiveCount)).toEqual([1]);
      expect(hidden).toEqual([]);
      expect(again.map((d) => [d.task.deliveryId, d.receiveCount])).toEqual([[sent.deliveryId, 2]]);
    });

    it('gives a released task back at once', async () => {
      await s.queue.enqueue(task());
      const [first] = await s.queue.receive({ waitMs: 1_000 });

      await s.queue.release(first?.receipt ?? '');
      const again = await s.queue.receive({ waitMs: 500 });

      expect(again.map((d) => d.receiveCount)).toEqual([2]);
    });

    it(`dead-letters a task received ${maxReceives} times without an ack`, async () => {
      const sent = task();
      await s.queue.enqueue(sent);
      for (let i = 1; i <= maxReceives; i++) {
        const [d] = await s.queue.receive({ waitMs: 1_000 });
        expect(d?.receiveCount).toBe(i);
        await s.queue.release(d?.receipt ?? '');
      }

      const afterLimit = await s.queue.receive({ waitMs: 500 });
      const dead = await s.deadLetters.receive({ waitMs: 1_000 });

      expect(afterLimit).toEqual([]);
      expect(dead.map((d) => d.task)).toEqual([sent]);
    });

    it('moves a task to the dead letters on demand, and only that one', async () => {
      const doomed = task({ attempt: 13 });
      const fine = task();
      await s.queue.enqueue(doomed);
      await s.queue.enqueue(fine);
      const received = await s.queue.receive({ waitMs: 1_000, max: 10 });
      const more = received.length < 2 ? await s.queue.receive({ waitMs: 1_000 }) : [];
      const both = [...received, ...more];
      const d = both.find((x) => x.task.deliveryId === doomed.deliveryId);
      if (!d) throw new Error('doomed task not received');

      await s.queue.deadLetter(d, 'gave up after 13 attempts');
      for (const other of both.filter((x) => x !== d)) await s.queue.release(other.receipt);

      expect((await s.deadLetters.receive({ waitMs: 1_000 })).map((x) => x.task)).toEqual([doomed]);
      expect((await s.queue.receive({ waitMs: 1_000 })).map((x) => x.task.deliveryId)).toEqual([
        fine.deliveryId,
      ]);
    });
  });
}

describeContract('LocalDeliveryQueue', async () => {
  const queue = new LocalDeliveryQueue({ visibilityTimeoutMs: visibilityMs, maxReceives });
  if (!queue.deadLetters) throw new Error('no dead-letter queue');
  return { queue, deadLetters: queue.deadLetters };
});

let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let sqs: SQSClient;

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  sqs = new SQSClient({ region: localRegion, endpoint: fauxqs.address, credentials: localCredentials });
});

afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

describeContract('SqsDeliveryQueue on fauxqs', async () => {
  const name = `deliveries-${randomUUID().slice(0, 8)}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const dlqAttributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(visibilityMs / 1000),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn,
          maxReceiveCount: String(maxReceives),
        }),
      },
    }),
  );
  const queueUrl = main.QueueUrl ?? '';
  return {
    queue: new SqsDeliveryQueue(sqs, { queueUrl, deadLetterQueueUrl: dlqUrl }),
    deadLetters: new SqsDeliveryQueue(sqs, { queueUrl: dlqUrl, deadLetterQueueUrl: dlqUrl }),
  };
});
