/**
 * When to try a failed delivery again: exponential backoff from 30 s, doubling, each wait
 * capped at 4 h, giving up once the next attempt would fall past about a day after the first;
 * then the delivery is dead-lettered. Pure: the caller passes the jitter draw.
 */

export interface RetryPolicy {
  readonly firstDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  /** No attempt is scheduled later than this after the first one. */
  readonly giveUpAfterMs: number;
  /** Each wait is scaled by a factor in [1 - jitter, 1 + jitter], so failed receivers are not hit in step. */
  readonly jitter: number;
}

export const webhookRetryPolicy: RetryPolicy = {
  firstDelayMs: 30_000,
  factor: 2,
  maxDelayMs: 4 * 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
  jitter: 0.2,
};

export type RetryDecision =
  | { readonly action: 'retry'; readonly delayMs: number; readonly attempt: number }
  | { readonly action: 'dead-letter'; readonly reason: 'not-retryable' | 'gave-up' };

export interface FailedAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Time since the first attempt was made. */
  readonly elapsedMs: number;
  /** Whether the failure can pass (timeout, 5xx, 429) or never will (4xx, refused address). */
  readonly retryable: boolean;
}

/** The wait before attempt `attempt + 1`, before jitter. */
export function baseDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** Math.max(0, attempt - 1));
}

/**
 * What to do after `failed`. `draw` is a number in [0, 1) (Math.random in production); 0.5
 * means no jitter.
 */
export function nextRetry(policy: RetryPolicy, failed: FailedAttempt, draw = 0.5): RetryDecision {
  if (!failed.retryable) return { action: 'dead-letter', reason: 'not-retryable' };
  const scale = 1 + policy.jitter * (2 * Math.min(Math.max(draw, 0), 1) - 1);
  const delayMs = Math.round(baseDelayMs(policy, failed.attempt) * scale);
  if (failed.elapsedMs + delayMs > policy.giveUpAfterMs) return { action: 'dead-letter', reason: 'gave-up' };
  return { action: 'retry', delayMs, attempt: failed.attempt + 1 };
}

/** Every wait of a delivery that always fails, without jitter: the schedule as documented. */
export function retrySchedule(policy: RetryPolicy): number[] {
  const waits: number[] = [];
  let elapsed = 0;
  for (let attempt = 1; ; attempt++) {
    const decision = nextRetry(policy, { attempt, elapsedMs: elapsed, retryable: true });
    if (decision.action !== 'retry') return waits;
    waits.push(decision.delayMs);
    elapsed += decision.delayMs;
  }
}
