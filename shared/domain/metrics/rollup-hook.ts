/**
 * The lake writer's rollup hook: after each partition's curated write, the records it wrote
 * (deduplicated: each event id once) update the metric rollups, with the curated file as the
 * token. Files that already held a batch's duplicates are read back and applied again, which
 * changes nothing if they were counted and repairs the rollups if a writer died between writing
 * the file and updating them.
 */
import type { MetricCatalog } from '../../ports/metric-catalog';
import type { ObjectStore } from '../../ports/object-store';
import type { RollupStore } from '../../ports/rollup-store';
import { readCurated } from '../lake/read-curated';
import type { CuratedWrite } from '../lake/write-batch';
import type { MetricDefinition } from './metric-definition';
import { updateRollups } from './rollup-batch';

export interface RollupHookDeps {
  readonly metrics: Pick<MetricCatalog, 'listForDataset'>;
  readonly rollups: RollupStore;
  readonly objects: Pick<ObjectStore, 'get'>;
  readonly curatedBucket: string;
  readonly now: () => Date;
  readonly lateWindowSeconds: number;
}

/** How long a lake writer may go on without seeing a new metric. */
export const metricListTtlMs = 15_000;

/**
 * Caches a tenant's metrics per dataset for `ttlMs`, so a batch costs no Postgres read; a new
 * metric is picked up within the TTL (metric-series trusts rollups only after a warm-up longer
 * than it).
 */
export function cachedMetricsForDataset(
  catalog: Pick<MetricCatalog, 'listForDataset'>,
  ttlMs = metricListTtlMs,
  now: () => number = Date.now,
): Pick<MetricCatalog, 'listForDataset'> {
  const entries = new Map<string, { value: readonly MetricDefinition[]; expiresAt: number }>();
  return {
    async listForDataset(tenantId: string, dataset: string) {
      const key = `${tenantId}/${dataset}`;
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.value;
      const value = await catalog.listForDataset(tenantId, dataset);
      if (entries.size >= 10_000) entries.clear();
      entries.set(key, { value, expiresAt: now() + ttlMs });
      return value;
    },
  };
}

export function makeRollupHook(deps: RollupHookDeps): (write: CuratedWrite) => Promise<void> {
  return async (write) => {
    const { tenantId, dataset } = write.partition;
    if ((await deps.metrics.listForDataset(tenantId, dataset)).length === 0) return;
    if (write.fileKey) await updateRollups(tenantId, dataset, write.fileKey, write.records, deps);
    for (const fileKey of write.heldBy) {
      const bytes = await deps.objects.get(deps.curatedBucket, fileKey);
      if (bytes) await updateRollups(tenantId, dataset, fileKey, await readCurated(bytes), deps);
    }
  };
}
