import { beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../../shared/domain/errors';
import { hashApiKey } from '../../../../shared/domain/tenancy/api-key';
import { authenticate, presentedKey } from '../../../../shared/domain/tenancy/authenticate';
import { TENANT_A } from '../../../support/events';
import { InMemoryTenantDirectory } from '../../../support/twins/in-memory-tenant-directory';

describe('presentedKey', () => {
  it.each([
    [{ authorization: 'Bearer k1', apiKeyHeader: 'k2' }, 'k1'],
    [{ authorization: 'bearer   k1  ' }, 'k1'],
    [{ authorization: 'Basic abc', apiKeyHeader: ' k2 ' }, 'k2'],
    [{ authorization: 'Bearer a b', apiKeyHeader: 'k2' }, 'k2'],
    // Segment SDKs: the write key as Basic user name, empty password.
    [{ authorization: `Basic ${Buffer.from('nx_write:').toString('base64')}` }, 'nx_write'],
    [
      { authorization: `basic ${Buffer.from('nx_write').toString('base64')}`, apiKeyHeader: 'k2' },
      'nx_write',
    ],
    [{ apiKeyHeader: 'k2' }, 'k2'],
    [{}, undefined],
  ])('reads %j as %j', (credentials, expected) => {
    expect(presentedKey(credentials)).toBe(expected);
  });
});

describe('authenticate', () => {
  let directory: InMemoryTenantDirectory;
  let apiKey: string;
  let keyId: string;

  beforeEach(async () => {
    directory = new InMemoryTenantDirectory();
    ({ apiKey, keyId } = await directory.createApiKey(TENANT_A, 'ci', ['ingest', 'query']));
  });

  it('resolves a Bearer key to its principal by the key hash', async () => {
    // Act
    const principal = await authenticate({ authorization: `Bearer ${apiKey}` }, { directory });

    // Assert
    expect(principal).toEqual({ keyId, tenantId: TENANT_A, scopes: ['ingest', 'query'] });
    expect(directory.lookups).toEqual([hashApiKey(apiKey)]);
  });

  it('prefers the Bearer key over x-api-key', async () => {
    // Arrange
    const { apiKey: other } = await directory.createApiKey(TENANT_A, 'other', ['admin']);

    // Act
    const principal = await authenticate(
      { authorization: `Bearer ${apiKey}`, apiKeyHeader: other },
      { directory },
    );

    // Assert
    expect(principal.keyId).toBe(keyId);
  });

  it('accepts the x-api-key header', async () => {
    // Act
    const principal = await authenticate({ apiKeyHeader: apiKey }, { directory });

    // Assert
    expect(principal.tenantId).toBe(TENANT_A);
  });

  it('answers MISSING_API_KEY when no key is presented', async () => {
    // Act
    const attempt = authenticate({ apiKeyHeader: '   ' }, { directory });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toMatchObject({ code: 'MISSING_API_KEY' });
    expect(directory.lookups).toEqual([]);
  });

  it('rejects a malformed key without asking the directory', async () => {
    // Act
    const attempt = authenticate({ authorization: 'Bearer not-a-key' }, { directory });

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'MALFORMED_API_KEY' });
    expect(directory.lookups).toEqual([]);
  });

  it('answers REVOKED_API_KEY for a revoked key and UNKNOWN_API_KEY for one never issued', async () => {
    // Arrange
    await directory.revokeApiKey(TENANT_A, keyId);

    // Act
    const revoked = authenticate({ apiKeyHeader: apiKey }, { directory });
    const unknown = authenticate({ apiKeyHeader: `nx_${'b'.repeat(43)}` }, { directory });

    // Assert
    await expect(revoked).rejects.toMatchObject({ code: 'REVOKED_API_KEY' });
    await expect(unknown).rejects.toMatchObject({ code: 'UNKNOWN_API_KEY' });
    expect(directory.lookups).toHaveLength(2);
  });
});
