/**
 * The lake writer's rollup hook: after each partition's curated write, the records it wrote
 * (deduplicated: each event id once) update the metric rollups, with the curated file as the
 * token. Files that already held a batch's duplicates are read back and applied again, which
 * changes nothing if they were counted and repairs the rollups if a writer died between writing
 * the file and updating them. Records older than the late-data window skip the rollups; their
 * hours (and those of records just inside the window, see `markMarginSeconds`) are marked in the
 * LakeCellStore after the file is written, so kept lake cells of those hours are computed again.
 */
import type { LakeCellStore } from '../../ports/lake-cell-store';
import type { MetricCatalog } from '../../ports/metric-catalog';
import type { ObjectStore } from '../../ports/object-store';
import type { RollupStore } from '../../ports/rollup-store';
import { readCurated } from '../lake/read-curated';
import type { CuratedWrite } from '../lake/write-batch';
import type { MetricDefinition } from './metric-definition';
import { maxFutureSeconds, type RollupRecord, updateRollups } from './rollup-batch';

export interface RollupHookDeps {
  readonly metrics: Pick<MetricCatalog, 'listForDataset'>;
  readonly rollups: RollupStore;
  readonly objects: Pick<ObjectStore, 'get'>;
  readonly curatedBucket: string;
  readonly now: () => Date;
  readonly lateWindowSeconds: number;
  /** Where late events' hours are marked; without it no lake cells are kept anywhere. */
  readonly lakeCells?: Pick<LakeCellStore, 'markLate'>;
}

/** UTC hours (epoch seconds), by each metric's time field, of the records older than `oldest`. */
export function lateHours(
  metrics: readonly MetricDefinition[],
  records: readonly RollupRecord[],
  oldest: number,
): number[] {
  const hours = new Set<number>();
  for (const timeField of new Set(metrics.map((m) => m.timeField)))
    for (const record of records) {
      const seconds = Date.parse(String(record.data[timeField] ?? '')) / 1000;
      if (seconds < oldest) hours.add(Math.floor(seconds / 3600) * 3600);
    }
  return [...hours];
}

/** How long a lake writer may go on without seeing a new metric. */
export const metricListTtlMs = 15_000;

/**
 * Rollups of a metric version are trusted from this long after it was defined: by then every
 * lake writer has seen the definition (its cache lives 15 s), and an event stamped up to a
 * minute ahead of the clock (the most the rollups take) was processed after that. Until then,
 * and for anything older, the lake answers, so a new metric's series is complete at once.
 */
export const rollupWarmUpSeconds = 90;

/**
 * Events up to this much younger than the late-data window also mark their hour: the minute
 * the window starts in (60 s) was already kept whole, and the lake writer's clock may be ahead
 * of the reader's (up to the skew tolerated on event times).
 */
export const markMarginSeconds = 60 + maxFutureSeconds;

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
    const metrics = await deps.metrics.listForDataset(tenantId, dataset);
    if (metrics.length === 0) return;
    const apply = async (fileKey: string, records: readonly RollupRecord[]) => {
      await updateRollups(tenantId, dataset, fileKey, records, deps);
      const oldest = deps.now().getTime() / 1000 - deps.lateWindowSeconds + markMarginSeconds;
      await deps.lakeCells?.markLate(tenantId, dataset, lateHours(metrics, records, oldest));
    };
    if (write.fileKey) await apply(write.fileKey, write.records);
    for (const fileKey of write.heldBy) {
      const bytes = await deps.objects.get(deps.curatedBucket, fileKey);
      if (bytes) await apply(fileKey, await readCurated(bytes));
    }
  };
}
