/** DatasetCatalog contract: the in-memory twin and PostgresDatasetCatalog must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresDatasetCatalog } from '../../shared/adapters/postgres/postgres-dataset-catalog';
import { eventsDatasetSchema, type FieldDef } from '../../shared/domain/catalog/dataset-schema';
import { definedProps } from '../../shared/domain/defined-props';
import type { DatasetCatalog } from '../../shared/ports/dataset-catalog';
import { datasetCatalog, tenantDirectory } from '../../shared/runtime/metadata-stores';
import { InMemoryDatasetCatalog } from '../support/twins/in-memory-dataset-catalog';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly catalog: DatasetCatalog;
  /** A tenant no other test uses (a real row where the adapter needs one). */
  newTenant(): Promise<string>;
}

const v1: readonly FieldDef[] = [
  { name: 'eventId', type: 'string', required: false },
  { name: 'sku', type: 'string', required: true, description: 'Stock keeping unit' },
  { name: 'quantity', type: 'integer', required: true },
];
const v2: readonly FieldDef[] = [...v1, { name: 'price', type: 'number', required: false }];
const v3: readonly FieldDef[] = [...v2, { name: 'paidAt', type: 'timestamp', required: false }];

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Defines the DatasetCatalog behaviours once; each subject runs all of them.
 * Left out because the subjects disagree:
 * - a new version registered without a description: Postgres keeps the dataset's description,
 *   the twin drops it (the port does not say);
 * - the built-in `events` summary's `description` and `updatedAt` differ (the port does not say);
 * - `findVersion` of a registered dataset: Postgres returns exactly a DatasetSchema, the twin its
 *   whole DatasetSummary (with `builtIn`, `updatedAt`, `description`); so it is matched, not equalled.
 */
function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`DatasetCatalog contract: ${name}`, () => {
    let s: Subject;
    let tenant: string;
    beforeEach(async () => {
      s = makeSubject();
      tenant = await s.newTenant();
    });

    it('has the built-in events dataset for every tenant', async () => {
      const found = await s.catalog.find(tenant, 'events');

      expect(found).toMatchObject({
        dataset: 'events',
        version: eventsDatasetSchema.version,
        fields: eventsDatasetSchema.fields,
        builtIn: true,
      });
      expect(await s.catalog.findVersion(tenant, 'events', eventsDatasetSchema.version)).toEqual(
        eventsDatasetSchema,
      );
      expect(await s.catalog.findVersion(tenant, 'events', eventsDatasetSchema.version + 1)).toBeNull();
    });

    it('finds nothing for a dataset that was never registered', async () => {
      expect(await s.catalog.find(tenant, 'orders')).toBeNull();
      expect(await s.catalog.findVersion(tenant, 'orders', 1)).toBeNull();
    });

    it('lists only the built-in dataset for a new tenant', async () => {
      const listed = await s.catalog.list(tenant);

      expect(listed.map((d) => [d.dataset, d.builtIn])).toEqual([['events', true]]);
    });

    it('creates a dataset at version 1 on its first registration', async () => {
      // Act
      const result = await s.catalog.register(tenant, 'orders', v1, 'Orders placed');

      // Assert
      expect(result.created).toBe(true);
      expect(result.changed).toBe(true);
      expect(result.dataset).toMatchObject({
        dataset: 'orders',
        version: 1,
        fields: v1,
        builtIn: false,
        description: 'Orders placed',
      });
      expect(result.dataset.updatedAt).toMatch(isoTimestamp);
      expect(await s.catalog.find(tenant, 'orders')).toEqual(result.dataset);
      expect(await s.catalog.findVersion(tenant, 'orders', 1)).toMatchObject({
        dataset: 'orders',
        version: 1,
        fields: v1,
      });
    });

    it('creates a dataset without a description', async () => {
      const result = await s.catalog.register(tenant, 'orders', v1, undefined);

      expect(result.dataset.description).toBeUndefined();
      expect((await s.catalog.find(tenant, 'orders'))?.description).toBeUndefined();
    });

    it('changes nothing when the same fields are registered again', async () => {
      const first = await s.catalog.register(tenant, 'orders', v1, 'Orders placed');

      const again = await s.catalog.register(
        tenant,
        'orders',
        v1.map((f) => ({ ...f })),
        undefined,
      );

      expect(again).toEqual({ dataset: first.dataset, created: false, changed: false });
      expect(await s.catalog.findVersion(tenant, 'orders', 2)).toBeNull();
    });

    it('sees the same fields with their keys in another order as no change', async () => {
      const first = await s.catalog.register(tenant, 'orders', v1, 'Orders placed');

      const reordered = v1.map((f) => ({
        ...definedProps({ description: f.description }),
        required: f.required,
        type: f.type,
        name: f.name,
      }));
      const again = await s.catalog.register(tenant, 'orders', reordered, undefined);

      expect(again.changed).toBe(false);
      expect(again.dataset.version).toBe(first.dataset.version);
    });

    it('adds a version when the fields change and keeps the earlier versions readable', async () => {
      await s.catalog.register(tenant, 'orders', v1, 'Orders placed');

      const second = await s.catalog.register(tenant, 'orders', v2, 'Orders placed');
      const third = await s.catalog.register(tenant, 'orders', v3, 'Orders placed');

      expect([second.created, second.changed, second.dataset.version]).toEqual([false, true, 2]);
      expect([third.created, third.changed, third.dataset.version]).toEqual([false, true, 3]);
      expect((await s.catalog.find(tenant, 'orders'))?.fields).toEqual(v3);
      expect((await s.catalog.findVersion(tenant, 'orders', 1))?.fields).toEqual(v1);
      expect((await s.catalog.findVersion(tenant, 'orders', 2))?.fields).toEqual(v2);
      expect(await s.catalog.findVersion(tenant, 'orders', 4)).toBeNull();
    });

    it('treats a change of field order, type, requiredness or description as a change', async () => {
      await s.catalog.register(tenant, 'orders', v1, undefined);
      const [eventId, sku, quantity] = v1 as [FieldDef, FieldDef, FieldDef];

      const reordered = await s.catalog.register(tenant, 'orders', [eventId, quantity, sku], undefined);
      const retyped = await s.catalog.register(
        tenant,
        'orders',
        [eventId, quantity, { ...sku, type: 'object' }],
        undefined,
      );
      const optional = await s.catalog.register(
        tenant,
        'orders',
        [eventId, quantity, { ...sku, type: 'object', required: false }],
        undefined,
      );
      const described = await s.catalog.register(
        tenant,
        'orders',
        [eventId, quantity, { ...sku, type: 'object', required: false, description: 'SKU' }],
        undefined,
      );

      expect([reordered, retyped, optional, described].map((r) => [r.changed, r.dataset.version])).toEqual([
        [true, 2],
        [true, 3],
        [true, 4],
        [true, 5],
      ]);
    });

    it('returns to an earlier field list as a new version, never by reusing one', async () => {
      await s.catalog.register(tenant, 'orders', v1, undefined);
      await s.catalog.register(tenant, 'orders', v2, undefined);

      const back = await s.catalog.register(tenant, 'orders', v1, undefined);

      expect([back.changed, back.dataset.version, back.dataset.fields]).toEqual([true, 3, v1]);
    });

    it('lists the built-in and every registered dataset at its current version', async () => {
      await s.catalog.register(tenant, 'orders', v1, 'Orders placed');
      await s.catalog.register(tenant, 'orders', v2, undefined);
      await s.catalog.register(tenant, 'carts', v1, undefined);

      const listed = await s.catalog.list(tenant);

      const byName = new Map(listed.map((d) => [d.dataset, d]));
      expect([...byName.keys()].sort()).toEqual(['carts', 'events', 'orders']);
      expect(byName.get('events')?.builtIn).toBe(true);
      expect(byName.get('orders')).toMatchObject({ version: 2, fields: v2, builtIn: false });
      expect(byName.get('carts')).toMatchObject({ version: 1, fields: v1, builtIn: false });
      expect(listed).toHaveLength(3);
    });

    it("keeps tenants' datasets apart, with their own version numbers", async () => {
      // Arrange
      const other = await s.newTenant();
      await s.catalog.register(tenant, 'orders', v1, 'Tenant A orders');
      await s.catalog.register(tenant, 'orders', v2, undefined);
      await s.catalog.register(tenant, 'secret', v1, undefined);

      // Act
      const hidden = [
        await s.catalog.find(other, 'orders'),
        await s.catalog.find(other, 'secret'),
        await s.catalog.findVersion(other, 'secret', 1),
      ];
      const own = await s.catalog.register(other, 'orders', v3, 'Tenant B orders');

      // Assert
      expect(hidden).toEqual([null, null, null]);
      expect([own.created, own.dataset.version, own.dataset.fields]).toEqual([true, 1, v3]);
      expect((await s.catalog.list(other)).map((d) => d.dataset).sort()).toEqual(['events', 'orders']);
      expect(await s.catalog.find(tenant, 'orders')).toMatchObject({ version: 2, fields: v2 });
      expect((await s.catalog.findVersion(tenant, 'orders', 1))?.fields).toEqual(v1);
    });

    it('gives concurrent registrations of one dataset consecutive versions', async () => {
      const results = await Promise.all(
        [v1, v2, v3].map((fields) => s.catalog.register(tenant, 'orders', fields, undefined)),
      );

      expect(results.map((r) => r.dataset.version).sort()).toEqual([1, 2, 3]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      for (const r of results) {
        expect((await s.catalog.findVersion(tenant, 'orders', r.dataset.version))?.fields).toEqual(
          r.dataset.fields,
        );
      }
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres'], { dataApi: true });
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

describeContract('InMemoryDatasetCatalog (twin)', () => ({
  catalog: new InMemoryDatasetCatalog(() => new Date()),
  newTenant: async () => randomUUID(),
}));

describeContract('PostgresDatasetCatalog on embedded Postgres', () => {
  const { runtime } = started();
  return {
    catalog: datasetCatalog(runtime),
    newTenant: async () => (await tenantDirectory(runtime).createTenant('contract')).tenantId,
  };
});

describeContract('PostgresDatasetCatalog over the RDS Data API', () => {
  const { runtime, dataApi } = started();
  if (!dataApi) throw new Error('the Data API stand-in did not start');
  return {
    catalog: new PostgresDatasetCatalog(dataApi.pool),
    newTenant: async () => (await tenantDirectory(runtime).createTenant('contract')).tenantId,
  };
});
