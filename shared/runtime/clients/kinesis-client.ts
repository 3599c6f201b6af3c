/** Kinesis client (kinesalite locally, which is why the shared options pin HTTP/1.1). */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function kinesisClient(config: NexusConfig): KinesisClient {
  return traced(new KinesisClient(clientOptions(config, config.endpointKinesis)));
}
