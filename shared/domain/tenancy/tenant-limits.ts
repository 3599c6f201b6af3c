/** A tenant's limits: what an operator may set, and the defaults for what it did not. */
import * as z from 'zod';

export const tenantLimitsInput = z
  .object({
    requestsPerSecond: z.number().int().min(1).max(100_000).optional(),
    burst: z.number().int().min(1).max(1_000_000).optional(),
    eventsPerDay: z.number().int().min(1).max(10_000_000_000).optional(),
    concurrentQueries: z.number().int().min(1).max(20).optional(),
  })
  .strict();

export type TenantLimitsPatch = z.infer<typeof tenantLimitsInput>;
export type TenantLimits = { readonly [K in keyof TenantLimitsPatch]-?: NonNullable<TenantLimitsPatch[K]> };

/**
 * Generous on purpose: the e2e suites and `npm run bench:e2e` run unthrottled, while one tenant
 * still cannot take more than its share of the query pool.
 */
export const defaultTenantLimits: TenantLimits = {
  requestsPerSecond: 500,
  burst: 2_000,
  eventsPerDay: 100_000_000,
  concurrentQueries: 2,
};

/** The effective limits: what the operator set over the defaults. */
export function effectiveLimits(set: TenantLimitsPatch): TenantLimits {
  const given = (key: keyof TenantLimits) => set[key] ?? defaultTenantLimits[key];
  return {
    requestsPerSecond: given('requestsPerSecond'),
    burst: given('burst'),
    eventsPerDay: given('eventsPerDay'),
    concurrentQueries: given('concurrentQueries'),
  };
}
