/**
 * Per-container cache of what a catalog found, by tenant and key, for a short time: the hot
 * paths (ingest, series requests) then skip a Postgres read per request. Only hits are kept, so
 * something created right after a miss is found at once; callers `forget` what they change.
 */
export class TenantTtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1_000,
  ) {}

  /** The kept value, or `load`'s when missing, expired or `fresh` is asked for. */
  async get(tenantId: string, key: string, load: () => Promise<V | null>, fresh = false): Promise<V | null> {
    const id = `${tenantId}/${key}`;
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > this.now() && !fresh) return hit.value;
    const value = await load();
    this.entries.delete(id);
    if (value === null) return null;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  /** Drops one entry: it just changed in this container. */
  forget(tenantId: string, key: string): void {
    this.entries.delete(`${tenantId}/${key}`);
  }
}
