import { describe, expect, it } from 'vitest';
import {
  nextRetry,
  retrySchedule,
  webhookRetryPolicy,
} from '../../../../shared/domain/notifications/retry-schedule';

const minute = 60_000;
const hour = 60 * minute;

describe('webhook retry schedule', () => {
  it('backs off exponentially from 30 s, caps each wait at 4 h, and stops within a day', () => {
    const waits = retrySchedule(webhookRetryPolicy);

    expect(waits.slice(0, 9)).toEqual([0.5, 1, 2, 4, 8, 16, 32, 64, 128].map((m) => m * minute));
    expect(waits.slice(9).every((w) => w === 4 * hour)).toBe(true);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(24 * hour);
    expect(total).toBeGreaterThan(20 * hour);
    expect(waits).toHaveLength(13);
  });

  it('dead-letters once the next attempt would fall past a day', () => {
    const waits = retrySchedule(webhookRetryPolicy);
    const elapsed = waits.reduce((a, b) => a + b, 0);

    expect(
      nextRetry(webhookRetryPolicy, { attempt: waits.length + 1, elapsedMs: elapsed, retryable: true }),
    ).toEqual({
      action: 'dead-letter',
      reason: 'gave-up',
    });
  });

  it('dead-letters at once what can never succeed', () => {
    expect(nextRetry(webhookRetryPolicy, { attempt: 1, elapsedMs: 0, retryable: false })).toEqual({
      action: 'dead-letter',
      reason: 'not-retryable',
    });
  });

  it('spreads waits by up to ±20% with the jitter draw, numbering the next attempt', () => {
    const low = nextRetry(webhookRetryPolicy, { attempt: 3, elapsedMs: 90_000, retryable: true }, 0);
    const high = nextRetry(webhookRetryPolicy, { attempt: 3, elapsedMs: 90_000, retryable: true }, 0.999_999);

    expect(low).toEqual({ action: 'retry', delayMs: 0.8 * 2 * minute, attempt: 4 });
    expect(high.action === 'retry' ? high.delayMs : 0).toBe(1.2 * 2 * minute);
  });
});
