/**
 * Feeds a function its `queue` event source like Lambda's SQS event source mapping: long-polls
 * the queue, invokes the handler with an SQS event, and deletes every message the handler did
 * not report in `batchItemFailures` (a thrown handler leaves them all to come back).
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { definedProps } from '../../../shared/domain/defined-props';
import type { EventSourceSpec, FunctionSpec } from '../../../shared/topology';
import { invokeHandler, type LambdaHandler } from '../lambda-runtime';
import { consoleLog, describeError, type LogSink } from '../log';
import { localAccountId, localRegion } from '../resources';
import { sleep } from './sleep';

export type QueueEventSource = Extract<EventSourceSpec, { kind: 'queue' }>;

export interface QueuePollerOptions {
  readonly spec: FunctionSpec;
  readonly source: QueueEventSource;
  readonly handler: LambdaHandler;
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly log?: LogSink;
}

export interface QueuePoller {
  stop(): Promise<void>;
}

function sqsRecord(message: Message, queueName: string): SQSEvent['Records'][number] {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: localAccountId,
      ApproximateFirstReceiveTimestamp:
        message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        definedProps({ dataType: value.DataType ?? 'String', stringValue: value.StringValue }),
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${localRegion}:${localAccountId}:${queueName}`,
    awsRegion: localRegion,
  };
}

export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const log = options.log ?? consoleLog(options.spec.name);
  const abort = new AbortController();
  const queueName = options.queueUrl.split('/').at(-1) ?? '';

  const pollOnce = async (): Promise<void> => {
    const { Messages = [] } = await options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(options.source.batchSize, 10),
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    if (Messages.length === 0) return;
    const event: SQSEvent = { Records: Messages.map((m) => sqsRecord(m, queueName)) };
    const result = (await invokeHandler(options.spec, options.handler, event)) as
      | SQSBatchResponse
      | undefined;
    const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const done = Messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    // The handler may have deleted (acked) some itself; deleting again is harmless.
    await options.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  };

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await pollOnce();
      } catch (error) {
        if (abort.signal.aborted) break;
        log(`queue poll failed: ${describeError(error)}`);
        await sleep(1_000, abort.signal);
      }
    }
  })();

  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
