import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../shared/domain/tenancy/api-key';
import { datasetCatalog, tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { startTestStack, type TestStack } from '../../support/stand-ins';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('Postgres tenant directory', () => {
  it('stores only the hash of a key and resolves it until revoked', async () => {
    const directory = tenantDirectory(stack.runtime);
    const { tenantId } = await directory.createTenant('Acme');
    const key = await directory.createApiKey(tenantId, 'ci', ['ingest']);

    const stored = await stack.runtime.pool.query(
      'SELECT key_hash, display_prefix FROM api_keys WHERE id = $1',
      [key.keyId],
    );
    expect(JSON.stringify(stored.rows)).not.toContain(key.apiKey);
    expect(stored.rows[0].key_hash).toBe(hashApiKey(key.apiKey));
    expect(await directory.findActiveKey(hashApiKey(key.apiKey))).toEqual({
      keyId: key.keyId,
      tenantId,
      scopes: ['ingest'],
    });

    expect(await directory.revokeApiKey(tenantId, key.keyId)).toBe(true);
    expect(await directory.findActiveKey(hashApiKey(key.apiKey))).toBeNull();
    expect(await directory.revokeApiKey(tenantId, key.keyId)).toBe(false);
  });

  it("does not let one tenant revoke another tenant's key", async () => {
    const directory = tenantDirectory(stack.runtime);
    const a = await directory.createTenant('A');
    const b = await directory.createTenant('B');
    const key = await directory.createApiKey(a.tenantId, 'k', ['ingest']);
    expect(await directory.revokeApiKey(b.tenantId, key.keyId)).toBe(false);
    expect(await directory.findActiveKey(hashApiKey(key.apiKey))).not.toBeNull();
  });
});

describe('Postgres dataset catalog', () => {
  it('versions a schema only when its fields change, and keeps old versions readable', async () => {
    const catalog = datasetCatalog(stack.runtime);
    const { tenantId } = await tenantDirectory(stack.runtime).createTenant('Catalog');
    const v1Fields = [{ name: 'sku', type: 'string' as const, required: true }];
    const v2Fields = [...v1Fields, { name: 'price', type: 'number' as const, required: false }];

    const first = await catalog.register(tenantId, 'orders', v1Fields, 'Orders');
    const same = await catalog.register(tenantId, 'orders', v1Fields, undefined);
    const second = await catalog.register(tenantId, 'orders', v2Fields, undefined);

    expect([first.created, first.changed, first.dataset.version]).toEqual([true, true, 1]);
    expect([same.created, same.changed, same.dataset.version]).toEqual([false, false, 1]);
    expect([second.created, second.changed, second.dataset.version]).toEqual([false, true, 2]);
    expect((await catalog.findVersion(tenantId, 'orders', 1))?.fields).toEqual(v1Fields);
    expect((await catalog.find(tenantId, 'orders'))?.fields).toEqual(v2Fields);
    expect((await catalog.list(tenantId)).map((d) => d.dataset)).toEqual(['events', 'orders']);
  });

  it("keeps tenants' datasets apart", async () => {
    const catalog = datasetCatalog(stack.runtime);
    const a = await tenantDirectory(stack.runtime).createTenant('A2');
    const b = await tenantDirectory(stack.runtime).createTenant('B2');
    await catalog.register(a.tenantId, 'secret', [{ name: 'x', type: 'string', required: false }], undefined);
    expect(await catalog.find(b.tenantId, 'secret')).toBeNull();
    expect(await catalog.findVersion(b.tenantId, 'secret', 1)).toBeNull();
  });

  it('gives concurrent registrations of one dataset consecutive versions', async () => {
    const catalog = datasetCatalog(stack.runtime);
    const { tenantId } = await tenantDirectory(stack.runtime).createTenant('Race');
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        catalog.register(tenantId, 'race', [{ name: `f${n}`, type: 'integer', required: false }], undefined),
      ),
    );
    expect(results.map((r) => r.dataset.version).sort()).toEqual([1, 2, 3]);
  });
});
