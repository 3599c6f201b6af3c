/** SES v2 client (aws-ses-v2-local locally). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function sesClient(config: NexusConfig): SESv2Client {
  return traced(new SESv2Client(clientOptions(config, config.endpointSes)));
}
