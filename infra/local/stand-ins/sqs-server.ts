/**
 * The SQS stand-in: fauxqs, an SQS-compatible server, in the platform's own process, with the
 * alert delivery queue and its dead-letter queue (redrive after deliveryMaxReceives) created.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startFauxqs } from 'fauxqs';
import {
  deliveryMaxReceives,
  deliveryQueueNames,
  localCredentials,
  localHost,
  localRegion,
} from '../resources';

export interface SqsStandIn {
  readonly endpoint: string;
  readonly deliveryQueueUrl: string;
  readonly deliveryDeadLetterQueueUrl: string;
  /** A client for the local runtime's own use (the queue poller). */
  readonly client: SQSClient;
  stop(): Promise<void>;
}

/** @param port 0 picks a free one. */
export async function startSqsStandIn(port: number): Promise<SqsStandIn> {
  const server = await startFauxqs({ port, host: localHost, logger: false });
  const client = new SQSClient({
    region: localRegion,
    endpoint: server.address,
    credentials: localCredentials,
    requestHandler: new NodeHttpHandler(),
  });
  try {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: deliveryQueueNames.deadLetter }));
    const dlqUrl = dlq.QueueUrl ?? '';
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    const main = await client.send(
      new CreateQueueCommand({
        QueueName: deliveryQueueNames.main,
        Attributes: {
          VisibilityTimeout: '60',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.['QueueArn'],
            maxReceiveCount: String(deliveryMaxReceives),
          }),
        },
      }),
    );
    return {
      endpoint: server.address,
      deliveryQueueUrl: main.QueueUrl ?? '',
      deliveryDeadLetterQueueUrl: dlqUrl,
      client,
      async stop() {
        client.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    client.destroy();
    await server.stop();
    throw error;
  }
}
