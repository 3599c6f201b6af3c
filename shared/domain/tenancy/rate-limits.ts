/**
 * Per-tenant request rate (a token bucket) and daily event quota: the arithmetic, and the two
 * checks that refuse with 429 `RATE_LIMITED` or `QUOTA_EXCEEDED` and a retry delay.
 *
 * The bucket is kept as GCRA (the generic cell rate algorithm): one number per tenant, the
 * theoretical arrival time (TAT) of the next request. A request at `now` is allowed when
 * `max(TAT, now) - now <= (burst - 1) * interval`, and moves TAT to `max(TAT, now) + interval`.
 * That is exactly a bucket of `burst` tokens refilled at `requestsPerSecond`, stored as one
 * number a conditional write can test and move.
 */
import type { RateLimitStore, RequestBucket } from '../../ports/rate-limit-store';
import type { TenantDirectory } from '../../ports/tenancy';
import { RetryLaterError } from '../errors';
import { effectiveLimits, type TenantLimits } from './tenant-limits';

export function requestBucket(limits: Pick<TenantLimits, 'requestsPerSecond' | 'burst'>): RequestBucket {
  const intervalMs = 1000 / limits.requestsPerSecond;
  return { intervalMs, toleranceMs: (limits.burst - 1) * intervalMs };
}

/** One GCRA step on a known TAT: the new TAT when allowed, or how long until it would be. */
export function gcraStep(
  tat: number | undefined,
  bucket: RequestBucket,
  nowMs: number,
):
  | { readonly allowed: true; readonly tat: number }
  | { readonly allowed: false; readonly retryAfterMs: number } {
  const start = Math.max(tat ?? nowMs, nowMs);
  if (start - nowMs > bucket.toleranceMs)
    return { allowed: false, retryAfterMs: start - bucket.toleranceMs - nowMs };
  return { allowed: true, tat: start + bucket.intervalMs };
}

/** `Retry-After` is whole seconds; never 0, which would invite an immediate retry. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export interface RateLimitDeps {
  readonly store: Pick<RateLimitStore, 'takeRequest'>;
  readonly now: () => Date;
}

/** Takes one request from the tenant's bucket, or throws RATE_LIMITED. */
export async function enforceRequestRate(
  tenantId: string,
  limits: Pick<TenantLimits, 'requestsPerSecond' | 'burst'>,
  deps: RateLimitDeps,
): Promise<void> {
  const taken = await deps.store.takeRequest(tenantId, requestBucket(limits), deps.now().getTime());
  if (!taken.allowed) {
    throw new RetryLaterError(
      'RATE_LIMITED',
      `More than ${limits.requestsPerSecond} requests per second (burst ${limits.burst}) for this tenant`,
      retryAfterSeconds(taken.retryAfterMs),
      [
        {
          path: 'requestsPerSecond',
          message: `${limits.requestsPerSecond}/s with a burst of ${limits.burst}`,
        },
      ],
    );
  }
}

export interface DailyQuotaDeps {
  readonly directory: Pick<TenantDirectory, 'tenantLimits'>;
  readonly store: Pick<RateLimitStore, 'addDailyEvents'>;
  readonly now: () => Date;
}

/**
 * Counts `count` events against the tenant's quota for the current UTC day, or throws
 * QUOTA_EXCEEDED (counting nothing) when they do not all fit: a request is taken whole or not at all.
 */
export async function chargeDailyEvents(
  tenantId: string,
  count: number,
  deps: DailyQuotaDeps,
): Promise<void> {
  if (count <= 0) return;
  const limits = effectiveLimits(await deps.directory.tenantLimits(tenantId));
  const now = deps.now();
  const day = now.toISOString().slice(0, 10);
  if (await deps.store.addDailyEvents(tenantId, day, count, limits.eventsPerDay)) return;
  const midnight = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
  throw new RetryLaterError(
    'QUOTA_EXCEEDED',
    `Accepting these ${count} event(s) would pass the tenant's quota of ${limits.eventsPerDay} events per day (UTC)`,
    retryAfterSeconds(midnight - now.getTime()),
    [{ path: 'eventsPerDay', message: `${limits.eventsPerDay} events per UTC day` }],
  );
}
