/**
 * A short-lived per-container cache of dataset schemas, so the ingest hot path does not read
 * Postgres on every request. A schema change is visible at once in the container that made it
 * (`forget`), and in any other container at once for records the cached version refuses (the
 * ingest use case asks again with `fresh`); records valid under both versions may carry the
 * previous version for at most `ttlMs` (it stays valid for the lake).
 */
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import { TenantTtlCache } from '../tenant-ttl-cache';
import type { DatasetSchema, DatasetSummary } from './dataset-schema';

export class SchemaCache {
  private readonly entries: TenantTtlCache<DatasetSummary>;

  constructor(
    private readonly catalog: Pick<DatasetCatalog, 'find'>,
    ttlMs = 30_000,
    now: () => number = Date.now,
    maxEntries = 1_000,
  ) {
    this.entries = new TenantTtlCache(ttlMs, now, maxEntries);
  }

  /** The cached schema, or the catalog's when missing, expired or `fresh` is asked for. */
  find(
    tenantId: string,
    name: string,
    options: { readonly fresh?: boolean } = {},
  ): Promise<DatasetSummary | null> {
    return this.entries.get(tenantId, name, () => this.catalog.find(tenantId, name), options.fresh);
  }

  /** Drops the dataset's entry: its schema just changed in this container. */
  forget(tenantId: string, name: string): void {
    this.entries.forget(tenantId, name);
  }
}

/** Schema versions never change once written, so they are cached without expiry. */
export function cachedSchemaVersions(catalog: Pick<DatasetCatalog, 'findVersion'>) {
  const cache = new Map<string, Promise<DatasetSchema | null>>();
  return (tenantId: string, dataset: string, version: number): Promise<DatasetSchema | null> => {
    const key = `${tenantId}/${dataset}/${version}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = catalog.findVersion(tenantId, dataset, version);
      cache.set(key, hit);
      // A failed or missing lookup is not cached: the next batch asks again.
      hit.then((schema) => schema ?? cache.delete(key)).catch(() => cache.delete(key));
    }
    return hit;
  };
}
