/** SecretReader on AWS Secrets Manager: GetSecretValue of the current version (AWSCURRENT). */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { NotFoundError } from '../../domain/errors';
import type { SecretReader } from '../../ports/secret-reader';

export class SecretsManagerSecretReader implements SecretReader {
  constructor(private readonly client: SecretsManagerClient) {}

  async currentValue(secretId: string): Promise<string> {
    const missing = () =>
      new NotFoundError('SECRET_NOT_FOUND', `Secret ${secretId} does not exist or has no value`);
    const secret = await this.client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .catch((error: unknown) => {
        throw error instanceof ResourceNotFoundException ? missing() : error;
      });
    if (secret.SecretString === undefined) throw missing();
    return secret.SecretString;
  }
}
