import { describe, expect, it } from 'vitest';
import { TenantTtlCache } from '../../../shared/domain/tenant-ttl-cache.js';

/** A load whose answer and completion the test controls, with a clock it can move meanwhile. */
function controlledLoad<V>() {
  const pending: Array<(value: V | null) => void> = [];
  let calls = 0;
  return {
    load: () => {
      calls += 1;
      return new Promise<V | null>((resolve) => pending.push(resolve));
    },
    finish: (value: V | null) => pending.shift()?.(value),
    calls: () => calls,
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('TenantTtlCache', () => {
  it('keeps hits per tenant for the TTL and never keeps a miss', async () => {
    let now = 0;
    const cache = new TenantTtlCache<string>(1_000, () => now);
    let reads = 0;
    const load = (value: string | null) => async () => {
      reads += 1;
      return value;
    };

    expect(await cache.get('t1', 'k', load('a'))).toBe('a');
    expect(await cache.get('t1', 'k', load('changed'))).toBe('a');
    expect(await cache.get('t2', 'k', load('b'))).toBe('b');
    expect(await cache.get('t1', 'missing', load(null))).toBeNull();
    expect(await cache.get('t1', 'missing', load('created'))).toBe('created');
    expect(reads).toBe(4);

    now = 1_000;
    expect(await cache.get('t1', 'k', load('after expiry'))).toBe('after expiry');
    expect(await cache.get('t1', 'k', load('ignored'), true)).toBe('ignored');
  });

  it('counts the TTL from when the read started, not from when it answered', async () => {
    let now = 0;
    const cache = new TenantTtlCache<string>(1_000, () => now);
    const slow = controlledLoad<string>();

    const first = cache.get('t1', 'k', slow.load);
    now = 400; // the read takes 400 ms
    slow.finish('v1');
    expect(await first).toBe('v1');

    now = 999;
    expect(await cache.get('t1', 'k', async () => 'v2')).toBe('v1');
    now = 1_000; // one TTL after the read began: expired, although answered only 600 ms ago
    expect(await cache.get('t1', 'k', async () => 'v2')).toBe('v2');
  });

  it('re-reads a hit past half its TTL in the background and answers the kept value meanwhile', async () => {
    let now = 0;
    const cache = new TenantTtlCache<string>(1_000, () => now);
    await cache.get('t1', 'k', async () => 'v1');

    const refresh = controlledLoad<string>();
    now = 600;
    expect(await cache.get('t1', 'k', refresh.load)).toBe('v1');
    expect(await cache.get('t1', 'k', refresh.load)).toBe('v1');
    expect(refresh.calls()).toBe(1); // one refresh in flight at a time

    refresh.finish('v2');
    await flush();
    now = 1_500; // past the first read's TTL, within the refresh's (started at 600)
    expect(await cache.get('t1', 'k', async () => 'unused')).toBe('v2');
  });

  it('drops a refresh that is in flight when the key is forgotten', async () => {
    let now = 0;
    const cache = new TenantTtlCache<string>(1_000, () => now);
    await cache.get('t1', 'k', async () => 'old');

    const refresh = controlledLoad<string>();
    now = 600;
    await cache.get('t1', 'k', refresh.load);
    cache.forget('t1', 'k');
    expect(await cache.get('t1', 'k', async () => 'new')).toBe('new');

    refresh.finish('stale');
    await flush();
    expect(await cache.get('t1', 'k', async () => 'unused')).toBe('new');
  });

  it('evicts the oldest entry beyond its size', async () => {
    const cache = new TenantTtlCache<string>(1_000, () => 0, 2);
    await cache.get('t', 'a', async () => 'a');
    await cache.get('t', 'b', async () => 'b');
    await cache.get('t', 'c', async () => 'c');
    expect(await cache.get('t', 'a', async () => 'a again')).toBe('a again');
    expect(await cache.get('t', 'c', async () => 'unused')).toBe('c');
  });
});
