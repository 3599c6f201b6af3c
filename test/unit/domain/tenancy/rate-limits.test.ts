import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../../../shared/domain/errors';
import {
  enforceRequestRate,
  gcraStep,
  requestBucket,
  retryAfterSeconds,
} from '../../../../shared/domain/tenancy/rate-limits';
import { errorResponse } from '../../../../shared/runtime/http-errors';
import { InMemoryRateLimitStore } from '../../../support/twins/in-memory-rate-limit-store';

const NOW = new Date('2026-12-02T10:00:00.000Z');

describe('requestBucket and gcraStep', () => {
  it('turns requests per second and burst into an interval and a tolerance', () => {
    expect(requestBucket({ requestsPerSecond: 4, burst: 10 })).toEqual({
      intervalMs: 250,
      toleranceMs: 2250,
    });
  });

  it('allows a burst of exactly `burst` requests at one instant', () => {
    const bucket = requestBucket({ requestsPerSecond: 4, burst: 3 });
    let tat: number | undefined;
    const allowed = [];
    for (let i = 0; i < 5; i++) {
      const step = gcraStep(tat, bucket, 0);
      allowed.push(step.allowed);
      if (step.allowed) tat = step.tat;
    }
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(gcraStep(tat, bucket, 100)).toEqual({ allowed: false, retryAfterMs: 150 });
  });

  it('never answers a Retry-After of 0 seconds', () => {
    expect([retryAfterSeconds(1), retryAfterSeconds(1000), retryAfterSeconds(1001)]).toEqual([1, 1, 2]);
  });
});

describe('enforceRequestRate', () => {
  it('throws RATE_LIMITED past the burst, rendered as 429 with Retry-After and the limit named', async () => {
    const deps = { store: new InMemoryRateLimitStore(), now: () => NOW };
    const limits = { requestsPerSecond: 1, burst: 2 };
    await enforceRequestRate('t', limits, deps);
    await enforceRequestRate('t', limits, deps);

    const refused = await enforceRequestRate('t', limits, deps).catch((e: unknown) => e);
    const response = errorResponse(refused, 'req');

    expect(refused).toBeInstanceOf(RetryLaterError);
    expect(response.statusCode).toBe(429);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'RATE_LIMITED', details: [{ path: 'requestsPerSecond' }] },
    });
  });
});
