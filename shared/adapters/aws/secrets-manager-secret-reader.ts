/** SecretReader on AWS Secrets Manager: GetSecretValue of the current version (AWSCURRENT). */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretReader } from '../../ports/secret-reader';
import { aboutSecret, secretNotFound } from './secrets-manager-errors';

export class SecretsManagerSecretReader implements SecretReader {
  constructor(private readonly client: SecretsManagerClient) {}

  async currentValue(secretId: string): Promise<string> {
    const secret = await aboutSecret(secretId, () =>
      this.client.send(new GetSecretValueCommand({ SecretId: secretId })),
    );
    if (secret.SecretString === undefined) throw secretNotFound(secretId, 'has no value yet');
    return secret.SecretString;
  }
}
