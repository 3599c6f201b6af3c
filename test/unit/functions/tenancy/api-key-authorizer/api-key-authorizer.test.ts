import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeApiKeyAuthorizerHandler } from '../../../../../functions/tenancy/api-key-authorizer/api-key-authorizer';
import { authorizerEvent, TENANT_A } from '../../../../support/events';
import { InMemoryTenantDirectory } from '../../../../support/twins/in-memory-tenant-directory';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

describe('api-key authorizer', () => {
  let directory: InMemoryTenantDirectory;
  let apiKey: string;
  let keyId: string;

  beforeEach(async () => {
    directory = new InMemoryTenantDirectory();
    ({ apiKey, keyId } = await directory.createApiKey(TENANT_A, 'ci', ['ingest', 'query']));
  });

  it('allows the whole API stage and puts the principal in the context', async () => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler({ directory, logger });

    // Act
    const result = await handler(authorizerEvent({ Authorization: `Bearer ${apiKey}` }));

    // Assert
    expect(result).toEqual({
      principalId: keyId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*',
          },
        ],
      },
      context: { tenantId: TENANT_A, keyId, scopes: 'ingest,query' },
    });
  });

  it('reads x-api-key whatever its casing', async () => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler({ directory, logger });

    // Act
    const result = await handler(authorizerEvent({ 'X-Api-Key': apiKey }));

    // Assert
    expect(result.context?.['tenantId']).toBe(TENANT_A);
  });

  it.each([
    ['an unknown key', { 'x-api-key': `nx_${'z'.repeat(43)}` }, 'UNKNOWN_API_KEY'],
    ['a malformed key', { authorization: 'Bearer nope' }, 'MALFORMED_API_KEY'],
    ['no key', {}, 'MISSING_API_KEY'],
  ])('denies the whole API for %s, naming the reason in the context', async (_name, headers, code) => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler({ directory, logger });

    // Act
    const result = await handler(authorizerEvent(headers));

    // Assert
    expect(result.policyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*',
      }),
    ]);
    expect(result.context).toMatchObject({ errorCode: code, errorMessage: expect.any(String) });
  });

  it('denies a revoked key as REVOKED_API_KEY on the very next request', async () => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler({ directory, logger });
    await handler(authorizerEvent({ 'x-api-key': apiKey }));
    await directory.revokeApiKey(TENANT_A, keyId);

    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': apiKey }));

    // Assert
    expect(result.context).toMatchObject({ errorCode: 'REVOKED_API_KEY' });
  });

  it('denies two x-api-key headers, whatever their casing, as AMBIGUOUS_CREDENTIALS', async () => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler({ directory, logger });
    const event = {
      ...authorizerEvent({ 'x-api-key': apiKey }),
      multiValueHeaders: { 'x-api-key': [apiKey], 'X-API-KEY': ['nx_junk'] },
    };

    // Act
    const result = await handler(event);

    // Assert
    expect(result.context).toMatchObject({ errorCode: 'AMBIGUOUS_CREDENTIALS' });
  });

  it('lets infrastructure errors through, so they are not cached as a denial', async () => {
    // Arrange
    const failing = {
      findActiveKey: async () => {
        throw new Error('database unavailable');
      },
      isRevokedKey: async () => false,
    };
    const handler = makeApiKeyAuthorizerHandler({ directory: failing, logger });

    // Act / Assert
    await expect(handler(authorizerEvent({ 'x-api-key': apiKey }))).rejects.toThrow('database unavailable');
  });
});
