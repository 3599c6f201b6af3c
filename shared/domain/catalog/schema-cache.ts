/**
 * A short-lived per-container cache of dataset schemas, so the ingest hot path does not read
 * Postgres on every request. A schema change is visible at once in the container that made it
 * (`forget`), and in any other container at once for records the cached version refuses (the
 * ingest use case asks again with `fresh`); records valid under both versions may carry the
 * previous version for at most `ttlMs` (it stays valid for the lake).
 */
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { DatasetSchema, DatasetSummary } from './dataset-schema';

export class SchemaCache {
  private readonly entries = new Map<string, { value: DatasetSummary; expiresAt: number }>();

  constructor(
    private readonly catalog: Pick<DatasetCatalog, 'find'>,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1_000,
  ) {}

  /** The cached schema, or the catalog's when missing, expired or `fresh` is asked for. */
  async find(
    tenantId: string,
    name: string,
    options: { readonly fresh?: boolean } = {},
  ): Promise<DatasetSummary | null> {
    const key = `${tenantId}/${name}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now() && !options.fresh) return hit.value;
    const value = await this.catalog.find(tenantId, name);
    // Only hits are cached: a dataset registered right after a miss must be usable at once.
    if (value === null) return null;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  /** Drops the dataset's entry: its schema just changed in this container. */
  forget(tenantId: string, name: string): void {
    this.entries.delete(`${tenantId}/${name}`);
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
