import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerSecretReader } from '../../../../shared/adapters/aws/secrets-manager-secret-reader';

const secretsManager = mockClient(SecretsManagerClient);
const reader = () => new SecretsManagerSecretReader(new SecretsManagerClient({ region: 'eu-west-1' }));
const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nexus-dev/mail-unsubscribe-key-AbCdEf';

describe('SecretsManagerSecretReader', () => {
  beforeEach(() => secretsManager.reset());

  it('maps a missing secret, or one without a value, to SECRET_NOT_FOUND and passes other failures through', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ $metadata: {}, message: 'not found' }))
      .resolvesOnce({ ARN: arn })
      .rejectsOnce(new Error('throttled'));

    await expect(reader().currentValue(arn)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
      kind: 'not-found',
    });
    await expect(reader().currentValue(arn)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
      kind: 'not-found',
    });
    await expect(reader().currentValue(arn)).rejects.toThrow('throttled');
  });
});
