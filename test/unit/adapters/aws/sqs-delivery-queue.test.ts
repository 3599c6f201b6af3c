import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue } from '../../../../shared/adapters/aws/sqs-delivery-queue';
import type { DeliveryTask } from '../../../../shared/domain/notifications/delivery-task';

const sqs = mockClient(SQSClient);
const now = Date.UTC(2026, 11, 2, 11, 0);
const hour = 3_600_000;
const options = { queueUrl: 'https://sqs/q', deadLetterQueueUrl: 'https://sqs/dlq', now: () => now };
const queue = () => new SqsDeliveryQueue(new SQSClient({ region: 'eu-west-1' }), options);
const task: DeliveryTask = {
  deliveryId: 'alr_1:2026-12-02T10:50:00Z:chn_1',
  tenantId: 'tenant-a',
  channel: { type: 'webhook', id: 'chn_1' },
  attempt: 10,
  firstAttemptAt: '2026-12-02T02:00:00.000Z',
  payload: { value: 1 },
};

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  sqs.on(DeleteMessageCommand).resolves({});
});

describe('SqsDeliveryQueue beyond the 15-minute SQS delay', () => {
  it('sends a 2 h backoff with the longest SQS delay and the time it may run', async () => {
    await queue().enqueue(task, { delayMs: 2 * hour });

    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: JSON.stringify(task),
      DelaySeconds: 900,
      MessageAttributes: { notBefore: { DataType: 'Number', StringValue: String(now + 2 * hour) } },
    });
  });

  it('sends a delay within 15 minutes as it is, without the attribute', async () => {
    await queue().enqueue(task, { delayMs: 90_500 });

    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: JSON.stringify(task),
      DelaySeconds: 91,
    });
  });

  it('re-sends a message that arrives early for the rest of its wait, and hands out only what is due', async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          ReceiptHandle: 'early',
          Body: JSON.stringify(task),
          MessageAttributes: {
            notBefore: { DataType: 'Number', StringValue: String(now + hour + 45 * 60_000) },
          },
          Attributes: { ApproximateReceiveCount: '1' },
        },
        {
          ReceiptHandle: 'due',
          Body: JSON.stringify({ ...task, attempt: 3 }),
          MessageAttributes: { notBefore: { DataType: 'Number', StringValue: String(now - 1) } },
          Attributes: { ApproximateReceiveCount: '1' },
        },
      ],
    });

    const got = await queue().receive();

    expect(got.map((d) => [d.receipt, d.task.attempt])).toEqual([['due', 3]]);
    const resent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(resent?.DelaySeconds).toBe(900);
    expect(resent?.MessageAttributes?.['notBefore']?.StringValue).toBe(String(now + hour + 45 * 60_000));
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'early',
    ]);
  });

  it('dead-letters a malformed body with its reason instead of handing it out', async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        { ReceiptHandle: 'bad', Body: '{"deliveryId":""}', Attributes: { ApproximateReceiveCount: '1' } },
      ],
    });

    const got = await queue().receive();

    expect(got).toEqual([]);
    const sent = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(sent?.QueueUrl).toBe('https://sqs/dlq');
    expect(sent?.MessageAttributes?.['reason']?.StringValue).toMatch(/Malformed delivery task/);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(['bad']);
  });
});
