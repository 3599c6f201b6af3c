/**
 * Per-container cache of what a catalog found, by tenant and key, for a short time: the hot
 * paths (ingest, series requests) then skip a Postgres read per request. Only hits are kept, so
 * something created right after a miss is found at once; callers `forget` what they change.
 *
 * A hit past half its TTL is read again in the background, so a key asked for at least once per
 * half TTL (a dashboard polling a series) never waits for the read, while what is answered was
 * still read at most a TTL ago.
 */
export class TenantTtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  /** Background reads in flight; `forget` drops a key's, so its answer is not kept. */
  private readonly refreshing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1_000,
  ) {}

  /** The kept value, or `load`'s when missing, expired or `fresh` is asked for. */
  async get(tenantId: string, key: string, load: () => Promise<V | null>, fresh = false): Promise<V | null> {
    const id = `${tenantId}/${key}`;
    const hit = this.entries.get(id);
    const now = this.now();
    if (hit && hit.expiresAt > now && !fresh) {
      if (hit.expiresAt - now < this.ttlMs / 2 && !this.refreshing.has(id)) this.refresh(id, load);
      return hit.value;
    }
    this.refreshing.delete(id);
    const readAt = this.now();
    const value = await load();
    this.keep(id, value, readAt);
    return value;
  }

  /** Drops one entry: it just changed in this container. */
  forget(tenantId: string, key: string): void {
    const id = `${tenantId}/${key}`;
    this.entries.delete(id);
    this.refreshing.delete(id);
  }

  private refresh(id: string, load: () => Promise<V | null>): void {
    const readAt = this.now();
    const reading = load().then(
      (value) => {
        if (this.refreshing.get(id) === reading) this.keep(id, value, readAt);
      },
      // A failed read leaves the entry to expire; the next miss reads (and reports) again.
      () => undefined,
    );
    this.refreshing.set(id, reading);
    void reading.finally(() => {
      if (this.refreshing.get(id) === reading) this.refreshing.delete(id);
    });
  }

  /** The TTL runs from when the read started: what it returned may have changed since then. */
  private keep(id: string, value: V | null, readAt: number): void {
    this.entries.delete(id);
    if (value === null) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, { value, expiresAt: readAt + this.ttlMs });
  }
}
