/** RDS Data API client: Postgres statements over HTTPS in stages whose database access is `data-api`. */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function rdsDataClient(config: NexusConfig): RDSDataClient {
  return traced(new RDSDataClient(clientOptions(config, undefined)));
}
