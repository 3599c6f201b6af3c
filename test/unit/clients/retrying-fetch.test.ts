import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryingFetch } from '../../../clients/typescript/src/retrying-fetch';

/** A fetch answering from a script of responses, recording every request it saw. */
function scripted(...answers: (Response | Error)[]) {
  const seen: { method: string; body: string; key: string | null }[] = [];
  const fetchImpl = (async (input: Request) => {
    seen.push({ method: input.method, body: await input.text(), key: input.headers.get('idempotency-key') });
    const next = answers.shift();
    if (!next) throw new Error('no scripted answer left');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fetchImpl, seen };
}

const waits: number[] = [];
const options = { sleep: async (ms: number) => void waits.push(ms), random: () => 0.5, baseDelayMs: 100 };

describe('retryingFetch', () => {
  it('retries a 429 after the Retry-After seconds, resending the same body and idempotency key', async () => {
    waits.length = 0;
    const { fetchImpl, seen } = scripted(
      new Response('{}', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('{"ok":true}', { status: 202 }),
    );

    const response = await retryingFetch(fetchImpl, options)('http://nexus/v1/events', {
      method: 'POST',
      body: '[{"name":"a"}]',
      headers: { 'idempotency-key': 'batch-1' },
    });

    expect(response.status).toBe(202);
    expect(waits).toEqual([2000]);
    expect(seen).toEqual([
      { method: 'POST', body: '[{"name":"a"}]', key: 'batch-1' },
      { method: 'POST', body: '[{"name":"a"}]', key: 'batch-1' },
    ]);
  });

  it('backs off exponentially on 5xx and network errors, and gives up after maxAttempts', async () => {
    waits.length = 0;
    const { fetchImpl, seen } = scripted(
      new Response('', { status: 503 }),
      new TypeError('fetch failed'),
      new Response('', { status: 502 }),
    );

    const response = await retryingFetch(fetchImpl, { ...options, maxAttempts: 3 })(
      'http://nexus/v1/datasets',
    );

    expect(response.status).toBe(502);
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
  });

  it('never retries a POST without an idempotency key, nor a 4xx other than 429', async () => {
    const post = scripted(new Response('', { status: 503 }));
    expect(
      (await retryingFetch(post.fetchImpl, options)('http://nexus/v1/queries', { method: 'POST' })).status,
    ).toBe(503);
    const bad = scripted(new Response('', { status: 400 }));
    expect((await retryingFetch(bad.fetchImpl, options)('http://nexus/v1/datasets')).status).toBe(400);
    expect([post.seen.length, bad.seen.length]).toEqual([1, 1]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-02T06:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Wed, 02 Dec 2026 06:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
