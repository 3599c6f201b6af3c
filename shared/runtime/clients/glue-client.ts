/** Glue client (AWS only: the local lake needs no catalog). */
import { GlueClient } from '@aws-sdk/client-glue';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function glueClient(config: NexusConfig): GlueClient {
  return traced(new GlueClient(clientOptions(config, undefined)));
}
