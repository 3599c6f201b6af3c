/**
 * Per-call overhead of the RDS Data API path against pg, locally: the same repository calls on
 * the same embedded Postgres, once through pg's pool and once through DataApiPool, the real
 * RDSDataClient and the Data API stand-in (HTTP + SigV4 + JSON each call, as in AWS, but no
 * network distance). Measures the authorizer's key lookup, a two-statement transaction (a
 * dataset registration's begin/lock/insert/commit) and a new pool's first call of a statement
 * (its parameter-type probe). Local figures bound the adapter's own cost; in AWS each call adds
 * the Data API's round trip, which no local run can measure.
 * Usage: npm run bench:data-api -- [--calls 400]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { localHost } from '../infra/local/resources';
import { startStandInProcess } from '../infra/local/stand-ins/host-process';
import { freePort } from '../infra/local/tcp-ports';
import { DataApiPool } from '../shared/adapters/aws/data-api-pool';
import { runMigrations } from '../shared/adapters/postgres/migrations';
import { PostgresDatasetCatalog } from '../shared/adapters/postgres/postgres-dataset-catalog';
import { PostgresTenantDirectory } from '../shared/adapters/postgres/postgres-tenant-directory';
import { hashApiKey } from '../shared/domain/tenancy/api-key';
import type { SqlPool } from '../shared/ports/sql-pool';
import { localDataApiTarget, startDataApi } from '../test/support/data-api';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '400' } } });
const calls = Number(args.calls);

const dataDir = await mkdtemp(join(tmpdir(), 'nexus-bench-data-api-'));
const postgres = await startStandInProcess({
  kind: 'postgres',
  host: localHost,
  port: await freePort(),
  dir: dataDir,
});
const databaseUrl = String(postgres.details['databaseUrl']);
await runMigrations(databaseUrl);
const dataApi = await startDataApi(databaseUrl);
// The pool a Lambda container holds (shared/runtime/database.ts: max 4).
const pgPool = new pg.Pool({ connectionString: databaseUrl, max: 4 });

async function timed(n: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await call(i);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const line = (name: string, sorted: number[]) =>
  `${name.padEnd(44)} p50 ${pct(sorted, 0.5).toFixed(2).padStart(6)} ms  p95 ${pct(sorted, 0.95).toFixed(2).padStart(6)} ms  (${sorted.length} calls)`;

try {
  const pools: [string, SqlPool][] = [
    ['pg', pgPool],
    ['Data API', dataApi.pool],
  ];
  const directory = new PostgresTenantDirectory(pgPool);
  const { tenantId } = await directory.createTenant('bench');
  const { apiKey } = await directory.createApiKey(tenantId, 'bench', ['ingest']);
  const hash = hashApiKey(apiKey);
  const results: string[] = [];
  for (const [name, pool] of pools) {
    const keys = new PostgresTenantDirectory(pool);
    const catalog = new PostgresDatasetCatalog(pool);
    await timed(50, () => keys.findActiveKeyWithLimits(hash)); // warm: connections, probes, JIT
    results.push(
      line(`${name}: key lookup (1 statement)`, await timed(calls, () => keys.findActiveKeyWithLimits(hash))),
    );
    const fields = [{ name: 'sku', type: 'string' as const, required: true }];
    await timed(5, () => catalog.register(tenantId, `warm_${randomUUID().slice(0, 8)}`, fields, undefined));
    results.push(
      line(
        `${name}: dataset registration (transaction)`,
        await timed(Math.ceil(calls / 4), (i) =>
          catalog.register(tenantId, `ds_${i}_${randomUUID().slice(0, 8)}`, fields, undefined),
        ),
      ),
    );
  }
  const fresh = new PostgresTenantDirectory(new DataApiPool(dataApi.client, localDataApiTarget));
  const first = await timed(1, () => fresh.findActiveKeyWithLimits(hash));
  results.push(line('Data API: first call of a statement (probe)', first));
  for (const r of results) console.log(r);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores shared)`,
  );
} finally {
  await pgPool.end();
  await dataApi.stop();
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
