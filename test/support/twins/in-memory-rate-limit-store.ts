/** In-memory twin of the RateLimitStore port: each tenant's GCRA arrival time and daily event counts. */
import { gcraStep } from '../../../shared/domain/tenancy/rate-limits';
import type { RateLimitStore, RequestBucket, TakeResult } from '../../../shared/ports/rate-limit-store';

export class InMemoryRateLimitStore implements RateLimitStore {
  readonly arrivals = new Map<string, number>();
  readonly events = new Map<string, number>();

  async takeRequest(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<TakeResult> {
    const step = gcraStep(this.arrivals.get(tenantId), bucket, nowMs);
    if (!step.allowed) return step;
    this.arrivals.set(tenantId, step.tat);
    return { allowed: true };
  }

  async addDailyEvents(tenantId: string, day: string, count: number, limit: number): Promise<boolean> {
    const key = `${tenantId}#${day}`;
    const total = (this.events.get(key) ?? 0) + count;
    if (total > limit) return false;
    this.events.set(key, total);
    return true;
  }
}
