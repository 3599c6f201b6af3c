/**
 * A `fetch` that retries throttled (429) and failed (5xx, network) requests with exponential
 * backoff and full jitter, honouring `Retry-After` (seconds or an HTTP date). A POST is retried
 * only when it carries an `Idempotency-Key`, so a retry can never apply a change twice.
 */

export interface RetryOptions {
  /** Attempts in all, the first included. @default 4 */
  readonly maxAttempts?: number;
  /** @default 200 */
  readonly baseDelayMs?: number;
  /** Upper bound of one wait, Retry-After included. @default 20000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
}

const retriedStatuses = new Set([429, 500, 502, 503, 504]);
const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Milliseconds a `Retry-After` value asks for, or undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function retryingFetch(
  fetchImpl: typeof fetch = globalThis.fetch,
  options: RetryOptions = {},
): typeof fetch {
  const maxAttempts = options.maxAttempts ?? 4;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 20_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  return async (input, init) => {
    const request = new Request(input, init);
    const retryable = idempotentMethods.has(request.method) || request.headers.has('idempotency-key');
    for (let attempt = 1; ; attempt++) {
      const last = !retryable || attempt >= maxAttempts;
      let response: Response;
      try {
        response = await fetchImpl(request.clone());
      } catch (error) {
        if (last) throw error;
        await sleep(Math.min(cap, random() * base * 2 ** (attempt - 1)));
        continue;
      }
      if (last || !retriedStatuses.has(response.status)) return response;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      await response.body?.cancel();
      await sleep(Math.min(cap, asked ?? random() * base * 2 ** (attempt - 1)));
    }
  };
}
