/** Athena client (AWS only: DuckDB answers queries locally). */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function athenaClient(config: NexusConfig): AthenaClient {
  return traced(new AthenaClient(clientOptions(config, undefined)));
}
