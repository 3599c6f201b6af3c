/** Secrets Manager client: the bootstrap function writes the first keys with it (AWS only). */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function secretsManagerClient(config: NexusConfig): SecretsManagerClient {
  return traced(new SecretsManagerClient(clientOptions(config, undefined)));
}
