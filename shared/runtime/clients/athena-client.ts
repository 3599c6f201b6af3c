/** Athena client (AWS only: DuckDB answers queries locally). */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';

export function athenaClient(config: NexusConfig): AthenaClient {
  return new AthenaClient(clientOptions(config, undefined));
}
