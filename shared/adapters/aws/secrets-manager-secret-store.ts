/**
 * SecretStore on AWS Secrets Manager. The secret itself (name, KMS key, retention) belongs to the
 * stack; this adapter only reads whether it has a version and puts the first one.
 */
import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ConflictError } from '../../domain/errors';
import type { SecretStore } from '../../ports/secret-store';
import { aboutSecret } from './secrets-manager-errors';

export class SecretsManagerSecretStore implements SecretStore {
  constructor(private readonly client: SecretsManagerClient) {}

  async hasValue(secretId: string): Promise<boolean> {
    const secret = await aboutSecret(secretId, () =>
      this.client.send(new DescribeSecretCommand({ SecretId: secretId })),
    );
    // A secret created without a value (CloudFormation, no SecretString) has no version yet.
    return Object.values(secret.VersionIdsToStages ?? {}).some((stages) => stages.includes('AWSCURRENT'));
  }

  async putFirstValue(secretId: string, value: string): Promise<void> {
    if (await this.hasValue(secretId))
      throw new ConflictError('SECRET_HAS_VALUE', `Secret ${secretId} already holds a value`);
    await this.client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        SecretString: value,
        // The same token for the first version: a retried call cannot add a second one.
        ClientRequestToken: 'nexus-first-value-0000000000000000',
      }),
    );
  }
}
