/** The store of write-once secrets: Secrets Manager (AWS only; locally `.nexus/local.json` plays its part). */

import { SecretsManagerSecretReader } from '../adapters/aws/secrets-manager-secret-reader';
import { SecretsManagerSecretStore } from '../adapters/aws/secrets-manager-secret-store';
import type { SecretReader } from '../ports/secret-reader';
import type { SecretStore } from '../ports/secret-store';
import { secretsManagerClient } from './clients/secrets-manager-client';
import { type Runtime, runtime } from './runtime';

/** Reads secrets' values (e.g. the unsubscribe signing key); AWS only. */
export function secretReader(rt: Runtime = runtime()): SecretReader {
  return new SecretsManagerSecretReader(rt.client(secretsManagerClient));
}

export function secretStore(rt: Runtime = runtime()): SecretStore {
  return new SecretsManagerSecretStore(rt.client(secretsManagerClient));
}
