/**
 * Port for per-tenant rate limits and daily quotas: a GCRA token bucket per tenant and an event
 * count per tenant and UTC day, each changed by one atomic conditional write.
 */

/** A token bucket in GCRA terms (see shared/domain/tenancy/rate-limits.ts). */
export interface RequestBucket {
  /** Milliseconds one request costs: 1000 / requests per second. */
  readonly intervalMs: number;
  /** How far ahead of now the bucket's theoretical arrival time may run: (burst - 1) intervals. */
  readonly toleranceMs: number;
}

export type TakeResult =
  | { readonly allowed: true }
  /** `retryAfterMs`: how long until the next request would be allowed, exactly. */
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface RateLimitStore {
  /** Takes one request from the tenant's bucket at `nowMs` (epoch milliseconds), if it has one. */
  takeRequest(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<TakeResult>;
  /**
   * Adds `count` events to the tenant's count for `day` (YYYY-MM-DD, UTC) unless the sum would pass
   * `limit`; false (and nothing added) when it would.
   */
  addDailyEvents(tenantId: string, day: string, count: number, limit: number): Promise<boolean>;
}
