/**
 * A short-lived per-container cache of dataset schemas, so the ingest hot path does not read
 * Postgres on every request. A schema change is picked up within `ttlMs` (records sent in
 * that window are validated against the previous version, which stays valid for the lake).
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

  async find(tenantId: string, name: string): Promise<DatasetSummary | null> {
    const key = `${tenantId}/${name}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const value = await this.catalog.find(tenantId, name);
    // Only hits are cached: a dataset registered right after a miss must be usable at once.
    if (value === null) return null;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    return value;
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
