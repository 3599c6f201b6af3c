/** The store of write-once secrets: Secrets Manager (AWS only; locally `.nexus/local.json` plays its part). */
import { SecretsManagerSecretStore } from '../adapters/aws/secrets-manager-secret-store';
import type { SecretStore } from '../ports/secret-store';
import { secretsManagerClient } from './clients/secrets-manager-client';
import { type Runtime, runtime } from './runtime';

export function secretStore(rt: Runtime = runtime()): SecretStore {
  return new SecretsManagerSecretStore(rt.client(secretsManagerClient));
}
