import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../../shared/domain/tenancy/api-key';
import { operatorTenantId } from '../../../../shared/domain/tenancy/api-key-principal';
import {
  type BootstrapSecretValue,
  bootstrapCredentials,
} from '../../../../shared/domain/tenancy/bootstrap-credentials';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemorySecretStore } from '../../../support/twins/in-memory-secret-store';
import { InMemoryTenantDirectory } from '../../../support/twins/in-memory-tenant-directory';

const secretId =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nexus-dev/bootstrap-credentials-AbCdEf';

function setUp() {
  const directory = new InMemoryTenantDirectory();
  const secrets = new InMemorySecretStore().create(secretId);
  return { directory, secrets, deps: { directory, audit: new InMemoryAuditLog(), secrets } };
}

describe('bootstrapCredentials', () => {
  it('creates the operator key and the first tenant, and keeps both keys only in the secret', async () => {
    // Arrange
    const { directory, secrets, deps } = setUp();

    // Act
    const outcome = await bootstrapCredentials(
      { secretId, tenantName: 'Acme', now: new Date('2026-12-02T05:00:00Z') },
      deps,
    );

    // Assert
    const stored = JSON.parse(secrets.secrets.get(secretId) ?? 'null') as BootstrapSecretValue;
    expect(outcome).toEqual({ created: true, tenantId: stored.tenantId, secretId });
    expect(JSON.stringify(outcome)).not.toContain(stored.operatorKey);
    expect(await directory.findActiveKey(hashApiKey(stored.operatorKey))).toMatchObject({
      tenantId: operatorTenantId,
      scopes: ['operator'],
    });
    expect(await directory.findActiveKey(hashApiKey(stored.tenantAdminKey))).toMatchObject({
      tenantId: stored.tenantId,
      scopes: ['ingest', 'query', 'admin'],
    });
    expect(stored).toMatchObject({ tenantName: 'Acme', createdAt: '2026-12-02T05:00:00.000Z' });
  });

  it('creates no key and keeps the secret on every later run', async () => {
    const { directory, secrets, deps } = setUp();
    await bootstrapCredentials({ secretId, tenantName: 'Acme' }, deps);
    const first = secrets.secrets.get(secretId);

    const again = await bootstrapCredentials({ secretId, tenantName: 'Other' }, deps);

    expect(again).toEqual({ created: false, secretId });
    expect(secrets.secrets.get(secretId)).toBe(first);
    expect((await directory.listTenants()).map((t) => t.name)).toEqual(['Acme']);
  });

  it('creates nothing when the secret does not exist (the stack was not deployed)', async () => {
    const { directory, deps } = setUp();

    const attempt = bootstrapCredentials({ secretId: 'missing', tenantName: 'Acme' }, deps);

    await expect(attempt).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(await directory.listTenants()).toEqual([]);
  });
});
