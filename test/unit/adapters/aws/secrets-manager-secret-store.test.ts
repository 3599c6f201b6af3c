import {
  DescribeSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretStore } from '../../../../shared/adapters/aws/secrets-manager-secret-store';

const secretsManager = mockClient(SecretsManagerClient);
const store = () => new SecretsManagerSecretStore(new SecretsManagerClient({ region: 'eu-west-1' }));
const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nexus-dev/bootstrap-credentials-AbCdEf';

describe('SecretsManagerSecretStore', () => {
  beforeEach(() => secretsManager.reset());

  it('puts the first value of an empty secret with a fixed client request token', async () => {
    // Arrange: CloudFormation created the secret without a value, so it has no version.
    secretsManager.on(DescribeSecretCommand).resolves({ ARN: arn, Name: 'nexus-dev/bootstrap-credentials' });
    secretsManager.on(PutSecretValueCommand).resolves({ ARN: arn, VersionId: 'v1' });

    // Act
    await store().putFirstValue(arn, '{"operatorKey":"k"}');

    // Assert
    expect(secretsManager.commandCalls(DescribeSecretCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: arn },
    ]);
    expect(secretsManager.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      {
        SecretId: arn,
        SecretString: '{"operatorKey":"k"}',
        ClientRequestToken: 'nexus-first-value-0000000000000000',
      },
    ]);
  });

  it('never sends PutSecretValue to a secret with a current version', async () => {
    secretsManager
      .on(DescribeSecretCommand)
      .resolves({ ARN: arn, VersionIdsToStages: { v1: ['AWSCURRENT'], v0: ['AWSPREVIOUS'] } });

    await expect(store().putFirstValue(arn, 'x')).rejects.toMatchObject({ code: 'SECRET_HAS_VALUE' });
    expect(secretsManager.commandCalls(PutSecretValueCommand)).toEqual([]);
    expect(await store().hasValue(arn)).toBe(true);
  });

  it('maps a missing secret to SECRET_NOT_FOUND and passes other failures through', async () => {
    secretsManager
      .on(DescribeSecretCommand)
      .rejectsOnce(new ResourceNotFoundException({ $metadata: {}, message: 'not found' }))
      .rejectsOnce(new Error('throttled'));

    await expect(store().hasValue(arn)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await expect(store().hasValue(arn)).rejects.toThrow('throttled');
  });
});
