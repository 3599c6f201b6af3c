import { describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { cachedSchemaVersions, SchemaCache } from '../../../../shared/domain/catalog/schema-cache';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryDatasetCatalog } from '../../../support/twins/in-memory-dataset-catalog';

describe('SchemaCache', () => {
  it('serves a schema from memory until the TTL expires', async () => {
    // Arrange
    const catalog = new InMemoryDatasetCatalog();
    await catalog.register(TENANT_A, 'orders', [{ name: 'a', type: 'string', required: false }], undefined);
    let now = 1_000;
    const cache = new SchemaCache(catalog, 30_000, () => now);

    // Act
    const first = await cache.find(TENANT_A, 'orders');
    await catalog.register(TENANT_A, 'orders', [{ name: 'b', type: 'string', required: false }], undefined);
    now += 29_999;
    const cached = await cache.find(TENANT_A, 'orders');
    now += 1;
    const refreshed = await cache.find(TENANT_A, 'orders');

    // Assert
    expect(first?.version).toBe(1);
    expect(cached?.version).toBe(1);
    expect(refreshed?.version).toBe(2);
    expect(catalog.calls.find).toBe(2);
  });

  it('asks the catalog again when asked for a fresh schema, and after forget', async () => {
    const catalog = new InMemoryDatasetCatalog();
    await catalog.register(TENANT_A, 'orders', [{ name: 'a', type: 'string', required: false }], undefined);
    const cache = new SchemaCache(catalog, 30_000, () => 0);
    await cache.find(TENANT_A, 'orders');
    await catalog.register(TENANT_A, 'orders', [{ name: 'b', type: 'string', required: false }], undefined);

    const fresh = await cache.find(TENANT_A, 'orders', { fresh: true });
    await catalog.register(TENANT_A, 'orders', [{ name: 'c', type: 'string', required: false }], undefined);
    cache.forget(TENANT_A, 'orders');
    const afterForget = await cache.find(TENANT_A, 'orders');

    expect([fresh?.version, afterForget?.version]).toEqual([2, 3]);
    expect(catalog.calls.find).toBe(3);
  });

  it('keys entries by tenant', async () => {
    // Arrange
    const catalog = new InMemoryDatasetCatalog();
    await catalog.register(TENANT_A, 'orders', [{ name: 'a', type: 'string', required: false }], undefined);
    const cache = new SchemaCache(catalog, 30_000, () => 0);

    // Act
    const own = await cache.find(TENANT_A, 'orders');
    const other = await cache.find(TENANT_B, 'orders');

    // Assert
    expect(own?.dataset).toBe('orders');
    expect(other).toBeNull();
  });
});

describe('cachedSchemaVersions', () => {
  const schema: DatasetSchema = { dataset: 'orders', version: 1, fields: [] };

  it('asks the catalog once per tenant, dataset and version', async () => {
    // Arrange
    let calls = 0;
    const schemaOf = cachedSchemaVersions({
      findVersion: async () => {
        calls++;
        return schema;
      },
    });

    // Act
    await Promise.all([schemaOf(TENANT_A, 'orders', 1), schemaOf(TENANT_A, 'orders', 1)]);
    await schemaOf(TENANT_A, 'orders', 1);
    await schemaOf(TENANT_A, 'orders', 2);
    await schemaOf(TENANT_B, 'orders', 1);

    // Assert
    expect(calls).toBe(3);
  });

  it('does not cache a missing version', async () => {
    // Arrange
    const answers: (DatasetSchema | null)[] = [null, schema];
    const schemaOf = cachedSchemaVersions({ findVersion: async () => answers.shift() ?? null });

    // Act
    const missing = await schemaOf(TENANT_A, 'orders', 1);
    const found = await schemaOf(TENANT_A, 'orders', 1);

    // Assert
    expect(missing).toBeNull();
    expect(found).toBe(schema);
  });

  it('does not cache a failed lookup', async () => {
    // Arrange
    let calls = 0;
    const schemaOf = cachedSchemaVersions({
      findVersion: async () => {
        calls++;
        if (calls === 1) throw new Error('database unavailable');
        return schema;
      },
    });

    // Act
    const failed = schemaOf(TENANT_A, 'orders', 1);
    await expect(failed).rejects.toThrow('database unavailable');
    const retried = await schemaOf(TENANT_A, 'orders', 1);

    // Assert
    expect(retried).toBe(schema);
    expect(calls).toBe(2);
  });
});

describe('SchemaCache misses', () => {
  it('does not cache a miss, so a dataset registered right after is found', async () => {
    const summary = {
      dataset: 'orders',
      version: 1,
      fields: [],
      builtIn: false,
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const answers = [null, summary];
    let calls = 0;
    const find = async () => {
      calls++;
      return answers.shift() ?? null;
    };
    const cache = new SchemaCache({ find }, 60_000, () => 0);
    expect(await cache.find('t', 'orders')).toBeNull();
    expect(await cache.find('t', 'orders')).toEqual(summary);
    expect(await cache.find('t', 'orders')).toEqual(summary);
    expect(calls).toBe(2);
  });
});
