/** STS client: the query function assumes the tenant-query role with it (AWS only). */
import { STSClient } from '@aws-sdk/client-sts';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function stsClient(config: NexusConfig): STSClient {
  return traced(new STSClient(clientOptions(config, undefined)));
}
