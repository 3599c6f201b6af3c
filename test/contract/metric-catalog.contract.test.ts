/** MetricCatalog contract: the in-memory twin and PostgresMetricCatalog must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresMetricCatalog } from '../../shared/adapters/postgres/postgres-metric-catalog';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import type { MetricSpec } from '../../shared/domain/metrics/metric-definition';
import type { MetricCatalog } from '../../shared/ports/metric-catalog';
import { tenantDirectory } from '../../shared/runtime/metadata-stores';
import { InMemoryMetricCatalog } from '../support/twins/in-memory-metric-catalog';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly catalog: MetricCatalog;
  newTenant(): Promise<string>;
}

const countSpec: MetricSpec = {
  dataset: 'events',
  aggregation: 'count',
  filter: [],
  dimensions: [],
  timeField: 'timestamp',
};
const revenueSpec: MetricSpec = {
  dataset: 'orders',
  aggregation: 'sum',
  field: 'amount',
  filter: [{ field: 'country', op: 'in', value: ['DE', 'FR'] }],
  dimensions: ['country', 'plan'],
  timeField: 'paidAt',
};

function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`MetricCatalog contract: ${name}`, () => {
    let s: Subject;
    let tenant: string;
    beforeEach(async () => {
      s = makeSubject();
      tenant = await s.newTenant();
    });

    it('creates a metric at version 1 and finds it as defined', async () => {
      const metricId = randomUUID();

      const result = await s.catalog.define(tenant, metricId, 'revenue', revenueSpec);

      expect(result).toMatchObject({ created: true, changed: true });
      expect(result.metric).toMatchObject({
        ...revenueSpec,
        metricId,
        tenantId: tenant,
        name: 'revenue',
        version: 1,
      });
      expect(await s.catalog.find(tenant, metricId)).toEqual(result.metric);
    });

    it('keeps the version when the same spec is defined again, and bumps it when it changes', async () => {
      const first = await s.catalog.define(tenant, randomUUID(), 'signups', countSpec);

      const same = await s.catalog.define(tenant, randomUUID(), 'signups', { ...countSpec });
      const changed = await s.catalog.define(tenant, randomUUID(), 'signups', {
        ...countSpec,
        dimensions: ['name'],
      });

      expect(same).toEqual({ metric: first.metric, created: false, changed: false });
      expect(changed).toMatchObject({ created: false, changed: true });
      expect(changed.metric.metricId).toBe(first.metric.metricId);
      expect(changed.metric.version).toBe(2);
      expect(changed.metric.dimensions).toEqual(['name']);
    });

    it('lists a tenant its own metrics by name, and per dataset', async () => {
      await s.catalog.define(tenant, randomUUID(), 'b-signups', countSpec);
      await s.catalog.define(tenant, randomUUID(), 'a-revenue', revenueSpec);
      const other = await s.newTenant();
      await s.catalog.define(other, randomUUID(), 'c-theirs', countSpec);

      expect((await s.catalog.list(tenant)).map((m) => m.name)).toEqual(['a-revenue', 'b-signups']);
      expect((await s.catalog.listForDataset(tenant, 'orders')).map((m) => m.name)).toEqual(['a-revenue']);
      expect(await s.catalog.listForDataset(tenant, 'nothing')).toEqual([]);
    });

    it('never shows or deletes the metric of another tenant', async () => {
      const { metric } = await s.catalog.define(tenant, randomUUID(), 'mine', countSpec);
      const other = await s.newTenant();

      expect(await s.catalog.find(other, metric.metricId)).toBeNull();
      expect(await s.catalog.remove(other, metric.metricId)).toBe(false);
      expect(await s.catalog.find(tenant, metric.metricId)).not.toBeNull();
    });

    it('removes a metric once', async () => {
      const { metric } = await s.catalog.define(tenant, randomUUID(), 'gone', countSpec);

      expect(await s.catalog.remove(tenant, metric.metricId)).toBe(true);
      expect(await s.catalog.remove(tenant, metric.metricId)).toBe(false);
      expect(await s.catalog.find(tenant, metric.metricId)).toBeNull();
      expect(await s.catalog.list(tenant)).toEqual([]);
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

describeContract('InMemoryMetricCatalog (twin)', () => ({
  catalog: new InMemoryMetricCatalog(),
  newTenant: async () => randomUUID(),
}));

describeContract('PostgresMetricCatalog on embedded Postgres', () => {
  if (!stack) throw new Error('the stand-ins did not start');
  const { runtime } = stack;
  return {
    catalog: new PostgresMetricCatalog(runtime.pool),
    newTenant: async () => (await tenantDirectory(runtime).createTenant('contract')).tenantId,
  };
});

describeContract('PostgresMetricCatalog over the RDS Data API', () => {
  const pool = stack?.dataApi?.pool;
  if (!pool) throw new Error('the Data API stand-in did not start');
  return {
    catalog: new PostgresMetricCatalog(pool),
    newTenant: async () => (await new PostgresTenantDirectory(pool).createTenant('contract')).tenantId,
  };
});
