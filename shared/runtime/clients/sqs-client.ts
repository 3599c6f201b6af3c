/** SQS client (fauxqs locally). */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function sqsClient(config: NexusConfig): SQSClient {
  return traced(new SQSClient(clientOptions(config, config.endpointSqs)));
}
