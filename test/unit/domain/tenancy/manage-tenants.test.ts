import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../../shared/domain/tenancy/api-key';
import { operatorTenantId } from '../../../../shared/domain/tenancy/api-key-principal';
import {
  bootstrapPlatform,
  createTenant,
  setTenantLimits,
} from '../../../../shared/domain/tenancy/manage-tenants';
import { defaultTenantLimits } from '../../../../shared/domain/tenancy/tenant-limits';
import { InMemoryAuditLog } from '../../../support/twins/in-memory-audit-log';
import { InMemoryTenantDirectory } from '../../../support/twins/in-memory-tenant-directory';

const operator = { keyId: 'op-1', tenantId: operatorTenantId, scopes: ['operator'] as const };

function setUp() {
  const directory = new InMemoryTenantDirectory();
  const audit = new InMemoryAuditLog();
  return { directory, audit, deps: { directory, audit } };
}

describe('manage tenants', () => {
  it("creates a tenant whose first key is a tenant admin key, never an operator's, and audits it", async () => {
    // Arrange
    const { directory, audit, deps } = setUp();

    // Act
    const created = await createTenant({ name: 'Acme' }, { ...operator, scopes: ['operator'] }, deps);

    // Assert
    const principal = await directory.findActiveKey(hashApiKey(created.apiKey));
    expect(principal).toEqual({
      keyId: created.keyId,
      tenantId: created.tenantId,
      scopes: ['ingest', 'query', 'admin'],
    });
    expect(audit.entries).toMatchObject([
      { tenantId: created.tenantId, action: 'tenant.created', actor: 'operator:op-1' },
    ]);
  });

  it('merges a limits patch over what was set and reports the effective limits', async () => {
    // Arrange
    const { deps } = setUp();
    const { tenantId } = await createTenant({ name: 'Acme' }, { ...operator, scopes: ['operator'] }, deps);

    // Act
    await setTenantLimits(tenantId, { burst: 10 }, { ...operator, scopes: ['operator'] }, deps);
    const second = await setTenantLimits(
      tenantId,
      { concurrentQueries: 1 },
      { ...operator, scopes: ['operator'] },
      deps,
    );

    // Assert
    expect(second.limits).toEqual({ ...defaultTenantLimits, burst: 10, concurrentQueries: 1 });
  });

  it('answers TENANT_NOT_FOUND for an unknown tenant and INVALID_TENANT_ID for a malformed one', async () => {
    const { deps } = setUp();
    const actor = { ...operator, scopes: ['operator' as const] };
    await expect(
      setTenantLimits('3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f', {}, actor, deps),
    ).rejects.toMatchObject({
      code: 'TENANT_NOT_FOUND',
    });
    await expect(setTenantLimits('%25', {}, actor, deps)).rejects.toMatchObject({
      code: 'INVALID_TENANT_ID',
    });
  });

  it('bootstraps an operator key that resolves to the operator scope only, plus a first tenant', async () => {
    const { directory, deps } = setUp();
    const boot = await bootstrapPlatform({ tenantName: 'First' }, deps);
    expect(await directory.findActiveKey(hashApiKey(boot.operatorKey))).toMatchObject({
      tenantId: operatorTenantId,
      scopes: ['operator'],
    });
    expect((await directory.findActiveKey(hashApiKey(boot.apiKey)))?.tenantId).toBe(boot.tenantId);
  });
});
