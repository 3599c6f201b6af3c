/**
 * DeliveryQueue on SQS with a redrive policy to a dead-letter queue. SQS delays stop at 15
 * minutes, so a longer backoff is sent with the longest delay and a `notBefore` attribute; a
 * receiver that gets it early re-sends it for the rest of the wait and deletes the early copy.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type DeliveryTask, parseDeliveryTask } from '../../domain/notifications/delivery-task';
import type { DeliveryQueue, QueuedDelivery, ReceiveOptions } from '../../ports/delivery-queue';

export interface SqsDeliveryQueueOptions {
  readonly queueUrl: string;
  /** The queue the redrive policy and deadLetter() move messages to. */
  readonly deadLetterQueueUrl: string;
  /** @default Date.now */
  readonly now?: () => number;
}

/** SQS's longest message delay. */
export const sqsMaxDelaySeconds = 900;
const notBeforeAttribute = 'notBefore';

export class SqsDeliveryQueue implements DeliveryQueue {
  private readonly now: () => number;

  constructor(
    private readonly client: SQSClient,
    private readonly options: SqsDeliveryQueueOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async enqueue(task: DeliveryTask, options: { delayMs?: number } = {}): Promise<void> {
    await this.sendBody(JSON.stringify(task), options.delayMs ?? 0);
  }

  private async sendBody(body: string, delayMs: number): Promise<void> {
    const delaySeconds = Math.ceil(Math.max(0, delayMs) / 1000);
    const longer = delaySeconds > sqsMaxDelaySeconds;
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: body,
        DelaySeconds: Math.min(delaySeconds, sqsMaxDelaySeconds),
        MessageAttributes: longer
          ? {
              [notBeforeAttribute]: {
                DataType: 'Number',
                StringValue: String(this.now() + delaySeconds * 1000),
              },
            }
          : undefined,
      }),
    );
  }

  async receive(options: ReceiveOptions = {}): Promise<QueuedDelivery[]> {
    const result = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: Math.min(Math.max(options.max ?? 10, 1), 10),
        WaitTimeSeconds: Math.min(Math.ceil((options.waitMs ?? 0) / 1000), 20),
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        MessageAttributeNames: [notBeforeAttribute],
      }),
    );
    const out: QueuedDelivery[] = [];
    for (const message of result.Messages ?? []) {
      const delivery = await this.accept(message);
      if (delivery) out.push(delivery);
    }
    return out;
  }

  /** The delivery in `message`, or undefined when it came early (re-sent) or is malformed (dead-lettered). */
  private async accept(message: Message): Promise<QueuedDelivery | undefined> {
    const receipt = message.ReceiptHandle;
    const body = message.Body ?? '';
    if (!receipt) return undefined;
    const notBefore = Number(message.MessageAttributes?.[notBeforeAttribute]?.StringValue ?? 0);
    const remainingMs = notBefore - this.now();
    if (remainingMs > 0) {
      await this.sendBody(body, remainingMs);
      await this.ack(receipt);
      return undefined;
    }
    try {
      return {
        receipt,
        task: parseDeliveryTask(body),
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      };
    } catch (error) {
      await this.moveToDeadLetters(receipt, body, (error as Error).message);
      return undefined;
    }
  }

  async ack(receipt: string): Promise<void> {
    await this.client.send(
      new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: receipt }),
    );
  }

  async release(receipt: string): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.queueUrl,
        ReceiptHandle: receipt,
        VisibilityTimeout: 0,
      }),
    );
  }

  async deadLetter(delivery: QueuedDelivery, reason: string): Promise<void> {
    await this.moveToDeadLetters(delivery.receipt, JSON.stringify(delivery.task), reason);
  }

  private async moveToDeadLetters(receipt: string, body: string, reason: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: body,
        MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) } },
      }),
    );
    await this.ack(receipt);
  }
}
