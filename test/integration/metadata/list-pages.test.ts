/**
 * The repositories' lists read in keyset pages (shared/adapters/postgres/read-pages.ts), through
 * the Data API stand-in and pg alike: more rows than a page, many created in one statement (one
 * created_at, so the id breaks the tie) and some a microsecond apart (which a millisecond cursor
 * would repeat or skip), each row once, in the order a single statement gives.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAlertChannelStore } from '../../../shared/adapters/postgres/postgres-alert-channel-store';
import { PostgresMetricCatalog } from '../../../shared/adapters/postgres/postgres-metric-catalog';
import { PostgresTenantDirectory } from '../../../shared/adapters/postgres/postgres-tenant-directory';
import { pageRows } from '../../../shared/adapters/postgres/read-pages';
import type { SqlPool } from '../../../shared/ports/sql-pool';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';

let stack: ContractStack;
let pools: [string, SqlPool][];

beforeAll(async () => {
  stack = await startContractStack(['postgres'], { dataApi: true });
  if (!stack.dataApi) throw new Error('the Data API stand-in did not start');
  pools = [
    ['pg', stack.runtime.pool],
    ['the Data API', stack.dataApi.pool],
  ];
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('lists in pages', () => {
  it('lists more channels than a page, tied and microsecond-apart created_at, each once in order', async () => {
    const { tenantId } = await new PostgresTenantDirectory(stack.runtime.pool).createTenant('many channels');
    const rows = pageRows.definitions * 2 + 30;
    // Half share one created_at (one statement); the rest are 1 µs apart.
    await stack.runtime.pool.query(
      `INSERT INTO alert_channels (id, tenant_id, type, target, created_at)
       SELECT gen_random_uuid(), $1, 'webhook', jsonb_build_object('url', 'https://example.com/' || i),
              CASE WHEN i % 2 = 0 THEN now() ELSE now() + i * interval '1 microsecond' END
       FROM generate_series(1, $2::int) AS i`,
      [tenantId, rows],
    );
    const { rows: expected } = await stack.runtime.pool.query<{ id: string }>(
      'SELECT id FROM alert_channels WHERE tenant_id = $1 ORDER BY created_at, id',
      [tenantId],
    );

    for (const [, pool] of pools) {
      const listed = await new PostgresAlertChannelStore(pool).list(tenantId);
      expect(listed.map((c) => c.channelId)).toEqual(expected.map((r) => r.id));
    }
    expect(expected).toHaveLength(rows);
  }, 60_000);

  it('lists every tenant and every metric of every tenant past a page, each once', async () => {
    const directory = new PostgresTenantDirectory(stack.runtime.pool);
    await stack.runtime.pool.query(
      `INSERT INTO tenants (id, name) SELECT gen_random_uuid(), 'bulk ' || i FROM generate_series(1, $1::int) AS i`,
      [pageRows.definitions + 20],
    );
    const { tenantId } = await directory.createTenant('many metrics');
    const catalog = new PostgresMetricCatalog(stack.runtime.pool);
    for (let i = 0; i < pageRows.definitions + 5; i++)
      await catalog.define(tenantId, randomUUID(), `m${String(i).padStart(3, '0')}`, {
        dataset: 'events',
        aggregation: 'count',
        filter: [],
        dimensions: [],
        timeField: 'timestamp',
      });
    const { rows: tenants } = await stack.runtime.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM tenants',
    );

    for (const [, pool] of pools) {
      const listed = await new PostgresTenantDirectory(pool).listTenants();
      const metrics = await new PostgresMetricCatalog(pool).list(tenantId);
      const all = await new PostgresMetricCatalog(pool).listAll();
      expect(new Set(listed.map((t) => t.tenantId)).size).toBe(tenants[0]?.n);
      expect(listed).toHaveLength(tenants[0]?.n ?? -1);
      expect(metrics.map((m) => m.name)).toEqual(metrics.map((m) => m.name).sort());
      expect(metrics).toHaveLength(pageRows.definitions + 5);
      expect(all.filter((m) => m.tenantId === tenantId)).toEqual(metrics);
    }
  }, 120_000);
});
