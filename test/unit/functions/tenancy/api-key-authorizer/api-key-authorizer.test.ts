import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeApiKeyAuthorizerHandler } from '../../../../../functions/tenancy/api-key-authorizer/api-key-authorizer';
import { authorizerEvent, TENANT_A, TENANT_B } from '../../../../support/events';
import { InMemoryRateLimitStore } from '../../../../support/twins/in-memory-rate-limit-store';
import { InMemoryTenantDirectory } from '../../../../support/twins/in-memory-tenant-directory';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

describe('api-key authorizer', () => {
  let directory: InMemoryTenantDirectory;
  let apiKey: string;
  let keyId: string;
  let rateLimits: InMemoryRateLimitStore;
  const NOW = new Date('2026-12-02T10:00:00.000Z');
  const deps = () => ({ directory, logger, rateLimits, now: () => NOW });

  beforeEach(async () => {
    directory = new InMemoryTenantDirectory();
    rateLimits = new InMemoryRateLimitStore();
    ({ apiKey, keyId } = await directory.createApiKey(TENANT_A, 'ci', ['ingest', 'query']));
  });

  it('allows the whole API stage and puts the principal in the context', async () => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler(deps());

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
    const handler = makeApiKeyAuthorizerHandler(deps());

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
    const handler = makeApiKeyAuthorizerHandler(deps());

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
    const handler = makeApiKeyAuthorizerHandler(deps());
    await handler(authorizerEvent({ 'x-api-key': apiKey }));
    await directory.revokeApiKey(TENANT_A, keyId);

    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': apiKey }));

    // Assert
    expect(result.context).toMatchObject({ errorCode: 'REVOKED_API_KEY' });
  });

  it('denies two x-api-key headers, whatever their casing, as AMBIGUOUS_CREDENTIALS', async () => {
    // Arrange
    const handler = makeApiKeyAuthorizerHandler(deps());
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
      findActiveKeyWithLimits: async () => {
        throw new Error('database unavailable');
      },
      isRevokedKey: async () => false,
    };
    const handler = makeApiKeyAuthorizerHandler({ ...deps(), directory: failing });

    // Act / Assert
    await expect(handler(authorizerEvent({ 'x-api-key': apiKey }))).rejects.toThrow('database unavailable');
  });
  describe('rate limit', () => {
    /** Sets TENANT_A's limits as an operator's PUT /v1/tenants/{id}/limits does. */
    const limitA = (requestsPerSecond: number, burst: number) =>
      directory.tenants.set(TENANT_A, {
        tenantId: TENANT_A,
        name: 'A',
        status: 'active',
        limits: { requestsPerSecond, burst },
        createdAt: NOW.toISOString(),
      });

    it("allows the burst, then allows with the refusal in the context (the handler answers 429), for the tenant's own key only", async () => {
      // Arrange
      limitA(1, 2);
      const other = await directory.createApiKey(TENANT_B, 'b', ['query']);
      const handler = makeApiKeyAuthorizerHandler(deps());
      const asA = () => handler(authorizerEvent({ Authorization: `Bearer ${apiKey}` }));

      // Act
      const results = [await asA(), await asA(), await asA()];
      const b = await handler(authorizerEvent({ Authorization: `Bearer ${other.apiKey}` }));

      // Assert
      expect(results.map((r) => r.context?.['throttleCode'])).toEqual([undefined, undefined, 'RATE_LIMITED']);
      expect(results[2]?.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
      expect(results[2]?.context).toMatchObject({ tenantId: TENANT_A, retryAfterSeconds: 1 });
      expect(b.context?.['throttleCode']).toBeUndefined();
    });

    it('does not limit operator keys (the stage throttle does)', async () => {
      // Arrange
      const operator = await directory.createOperatorKey('ops');
      const handler = makeApiKeyAuthorizerHandler(deps());

      // Act
      const results = [];
      for (let i = 0; i < 30; i++) {
        results.push(await handler(authorizerEvent({ Authorization: `Bearer ${operator.apiKey}` })));
      }

      // Assert
      expect(results.filter((r) => r.context?.['throttleCode'] !== undefined)).toHaveLength(0);
      expect(rateLimits.arrivals.size).toBe(0);
    });

    it('lets the request through when the rate-limit store fails: the limiter must not take the API down', async () => {
      // Arrange
      const handler = makeApiKeyAuthorizerHandler({
        ...deps(),
        rateLimits: {
          takeRequest: async () => {
            throw new Error('table unavailable');
          },
        },
      });

      // Act
      const result = await handler(authorizerEvent({ Authorization: `Bearer ${apiKey}` }));

      // Assert
      expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
      expect(result.context).toEqual({ tenantId: TENANT_A, keyId, scopes: 'ingest,query' });
    });
  });
});
