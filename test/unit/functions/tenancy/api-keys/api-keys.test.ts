import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeApiKeysHandler } from '../../../../../functions/tenancy/api-keys/api-keys';
import { apiEvent, lambdaContext, TENANT_A } from '../../../../support/events';
import { InMemoryAuditLog } from '../../../../support/twins/in-memory-audit-log';
import { InMemoryTenantDirectory } from '../../../../support/twins/in-memory-tenant-directory';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

describe('api-keys handler', () => {
  let directory: InMemoryTenantDirectory;
  let handler: ReturnType<typeof makeApiKeysHandler>;

  beforeEach(() => {
    directory = new InMemoryTenantDirectory();
    handler = makeApiKeysHandler({ directory, audit: new InMemoryAuditLog(), logger });
  });

  const call = async (method: string, resource: string, options: Parameters<typeof apiEvent>[0] = {}) => {
    const response = await handler(
      apiEvent({ method, resource, path: resource, ...options }),
      lambdaContext(),
    );
    return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
  };

  it('creates a key shown once, lists it without the key, and revokes it', async () => {
    const created = await call('POST', '/v1/api-keys', { body: { name: 'ci', scopes: ['ingest'] } });
    expect(created.status).toBe(201);
    const { keyId, apiKey } = JSON.parse(created.body) as { keyId: string; apiKey: string };
    const listed = await call('GET', '/v1/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(keyId);
    expect(listed.body).not.toContain(apiKey);
    const revoked = await call('DELETE', '/v1/api-keys/{id}', { pathParameters: { id: keyId } });
    expect(revoked.status).toBe(204);
    expect((await directory.listApiKeys(TENANT_A))[0]?.revokedAt).toBeDefined();
  });

  it('answers 405 with Allow for a method it does not serve instead of listing keys', async () => {
    const response = await call('PUT', '/v1/api-keys', { body: {} });
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('POST, GET');
    expect(JSON.parse(response.body).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('needs an admin key for every route', async () => {
    const response = await call('GET', '/v1/api-keys', { principal: { scopes: ['query'] } });
    expect(response.status).toBe(403);
  });
});
