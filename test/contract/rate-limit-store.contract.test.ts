/** RateLimitStore contract: the in-memory twin and DynamoRateLimitStore on dynalite must behave alike. */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { tables } from '../../infra/local/resources';
import { DynamoRateLimitStore } from '../../shared/adapters/aws/dynamodb-rate-limit-store';
import { requestBucket } from '../../shared/domain/tenancy/rate-limits';
import type { RateLimitStore } from '../../shared/ports/rate-limit-store';
import { dynamoDocumentClient } from '../../shared/runtime/clients/dynamodb-client';
import { InMemoryRateLimitStore } from '../support/twins/in-memory-rate-limit-store';
import { contractStackFor } from './contract-stand-ins';

/**
 * Two stores over the same state: one container and another (the DynamoDB store keeps a hint of
 * each tenant's bucket in memory, which must never let the pair allow more than one store would).
 */
type Subjects = () => readonly [RateLimitStore, RateLimitStore];

const T0 = Date.parse('2026-12-02T10:00:00.000Z');

function describeContract(name: string, makeSubjects: Subjects): void {
  describe(`RateLimitStore contract: ${name}`, () => {
    let store: RateLimitStore;
    let other: RateLimitStore;
    let tenant: string;
    /** 10 requests per second (100 ms each), burst 5. */
    const bucket = requestBucket({ requestsPerSecond: 10, burst: 5 });
    const take = (at: number, s: RateLimitStore = store, t = tenant) => s.takeRequest(t, bucket, at);
    const allowedOf = async (results: Promise<{ allowed: boolean }>[]) =>
      (await Promise.all(results)).filter((r) => r.allowed).length;

    beforeEach(() => {
      [store, other] = makeSubjects();
      tenant = randomUUID();
    });

    it('allows a burst at one instant, then refuses and says exactly when the next request fits', async () => {
      const burst = [];
      for (let i = 0; i < 5; i++) burst.push(await take(T0));
      const refused = await take(T0);
      const later = await take(T0 + 30);

      expect(burst.every((r) => r.allowed)).toBe(true);
      expect(refused).toEqual({ allowed: false, retryAfterMs: 100 });
      expect(later).toEqual({ allowed: false, retryAfterMs: 70 });
    });

    it('refills one request per interval, never above the burst', async () => {
      for (let i = 0; i < 5; i++) await take(T0);

      const afterOne = [await take(T0 + 100), await take(T0 + 100)];
      // A long idle time fills the bucket to the burst, not beyond it.
      const idle = T0 + 60_000;
      const afterIdle = [];
      for (let i = 0; i < 7; i++) afterIdle.push((await take(idle)).allowed);

      expect(afterOne.map((r) => r.allowed)).toEqual([true, false]);
      expect(afterIdle).toEqual([true, true, true, true, true, false, false]);
    });

    it('holds the rate over time: 2 s at 50 requests per second lets through 10/s plus the burst', async () => {
      let allowed = 0;
      for (let ms = 0; ms < 2000; ms += 20) if ((await take(T0 + ms)).allowed) allowed++;

      // 20 refills over 2 s (one per 100 ms) on top of a full bucket of 5, minus the last one in flight.
      expect(allowed).toBe(24);
    });

    it('admits exactly the burst from concurrent requests at one instant', async () => {
      const allowed = await allowedOf(Array.from({ length: 30 }, () => take(T0)));

      expect(allowed).toBe(5);
    });

    it('shares one bucket between two stores (containers): together they admit no more than one would', async () => {
      const results = [];
      for (let i = 0; i < 8; i++) results.push((await take(T0 + i, i % 2 === 0 ? store : other)).allowed);
      const busy = [await take(T0 + 200, other), await take(T0 + 200, store), await take(T0 + 200, other)];

      expect(results).toEqual([true, true, true, true, true, false, false, false]);
      // At +200 ms two more have refilled (the burst was spent by +4 ms).
      expect(busy.map((r) => r.allowed)).toEqual([true, true, false]);
    });

    it("keeps one tenant's bucket apart from another's", async () => {
      const noisy = tenant;
      const quiet = randomUUID();
      for (let i = 0; i < 20; i++) await take(T0, store, noisy);

      const quietResults = [];
      for (let i = 0; i < 5; i++) quietResults.push((await take(T0, store, quiet)).allowed);

      expect(quietResults).toEqual([true, true, true, true, true]);
      expect((await take(T0, store, noisy)).allowed).toBe(false);
    });

    it('applies a raised burst from the next request', async () => {
      for (let i = 0; i < 5; i++) await take(T0);

      const raised = requestBucket({ requestsPerSecond: 10, burst: 8 });
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await store.takeRequest(tenant, raised, T0)).allowed);

      expect(results).toEqual([true, true, true, false]);
    });

    it('counts daily events up to the limit and refuses, counting nothing, what would pass it', async () => {
      const day = '2026-12-02';

      const first = await store.addDailyEvents(tenant, day, 60, 100);
      const tooMany = await store.addDailyEvents(tenant, day, 41, 100);
      const exact = await other.addDailyEvents(tenant, day, 40, 100);
      const oneMore = await store.addDailyEvents(tenant, day, 1, 100);

      expect([first, tooMany, exact, oneMore]).toEqual([true, false, true, false]);
    });

    it('refuses a single request larger than the whole quota', async () => {
      expect(await store.addDailyEvents(tenant, '2026-12-02', 101, 100)).toBe(false);
      expect(await store.addDailyEvents(tenant, '2026-12-02', 100, 100)).toBe(true);
    });

    it('counts each UTC day and each tenant apart', async () => {
      await store.addDailyEvents(tenant, '2026-12-02', 100, 100);

      const nextDay = await store.addDailyEvents(tenant, '2026-12-03', 100, 100);
      const otherTenant = await store.addDailyEvents(randomUUID(), '2026-12-02', 100, 100);

      expect([nextDay, otherTenant]).toEqual([true, true]);
    });

    it('never counts past the limit under concurrent requests', async () => {
      const day = '2026-12-02';
      const accepted = await Promise.all(
        Array.from({ length: 25 }, () => store.addDailyEvents(tenant, day, 10, 100)),
      );

      expect(accepted.filter(Boolean).length).toBe(10);
      expect(await store.addDailyEvents(tenant, day, 1, 100)).toBe(false);
    });
  });
}

const started = contractStackFor(['dynamodb']);

describeContract('InMemoryRateLimitStore (twin)', () => {
  const store = new InMemoryRateLimitStore();
  return [store, store];
});

describeContract('DynamoRateLimitStore on dynalite', () => {
  const { runtime } = started();
  const make = () =>
    new DynamoRateLimitStore(runtime.client(dynamoDocumentClient), { tableName: tables.rateLimits.name });
  return [make(), make()];
});

describe('DynamoRateLimitStore leases (large bursts)', () => {
  /** 1,000 requests per second (1 ms each), burst 800: a lease holds up to 100 tokens. */
  const bucket = requestBucket({ requestsPerSecond: 1000, burst: 800 });
  /** The store, and how many UpdateItem calls its client sent. */
  function counted() {
    const { runtime } = started();
    const client = runtime.client(dynamoDocumentClient);
    const counter = { updates: 0 };
    const send = client.send.bind(client) as (command: object) => Promise<unknown>;
    const spy = Object.assign(Object.create(client) as typeof client, {
      send: (command: object) => {
        if (command instanceof UpdateCommand) counter.updates++;
        return send(command);
      },
    });
    return { store: new DynamoRateLimitStore(spy, { tableName: tables.rateLimits.name }), counter };
  }

  it('serves a steady caller from leased tokens, with far fewer writes than requests', async () => {
    const { store, counter } = counted();
    const tenant = randomUUID();

    const results = [];
    for (let i = 0; i < 200; i++) {
      results.push((await store.takeRequest(tenant, bucket, T0 + i * 2)).allowed);
      await store.settled();
    }

    expect(results.every(Boolean)).toBe(true);
    expect(counter.updates).toBeLessThan(40);
  });

  it('never lets two containers together admit more than the bucket holds', async () => {
    const a = counted().store;
    const b = counted().store;
    const tenant = randomUUID();

    let allowed = 0;
    for (let i = 0; i < 2000; i++) {
      const store = i % 3 === 0 ? b : a;
      if ((await store.takeRequest(tenant, bucket, T0)).allowed) allowed++;
      await store.settled();
    }

    // All at one instant: the burst at most, and most of it (only leased tokens left unused are lost).
    expect(allowed).toBeLessThanOrEqual(800);
    expect(allowed).toBeGreaterThan(600);
  });

  it('answers a caller slower than one request a second from its lease, without waiting for a write', async () => {
    const { runtime } = started();
    const client = runtime.client(dynamoDocumentClient);
    const send = client.send.bind(client) as (command: object) => Promise<unknown>;
    const held: (() => void)[] = [];
    let holding = false;
    const spy = Object.assign(Object.create(client) as typeof client, {
      send: async (command: object) => {
        if (holding && command instanceof UpdateCommand) await new Promise<void>((go) => held.push(go));
        return send(command);
      },
    });
    const store = new DynamoRateLimitStore(spy, { tableName: tables.rateLimits.name });
    const tenant = randomUUID();
    await store.takeRequest(tenant, bucket, T0);
    await store.settled();

    // Writes now wait until released: an answer that needs one cannot come before.
    holding = true;
    const answers: boolean[] = [];
    for (const at of [T0 + 2_000, T0 + 5_000]) {
      let answered = false;
      const pending = store.takeRequest(tenant, bucket, at).then((result) => {
        answered = true;
        return result;
      });
      await new Promise((resolve) => setImmediate(resolve));
      answers.push(answered);
      holding = false;
      for (const go of held.splice(0)) go();
      expect((await pending).allowed).toBe(true);
      await store.settled();
      holding = true;
    }

    expect(answers).toEqual([true, true]);
  });

  it('drops a lease when the limits change and takes from the new bucket', async () => {
    const { store } = counted();
    const tenant = randomUUID();
    for (let i = 0; i < 50; i++) {
      await store.takeRequest(tenant, bucket, T0 + i);
      await store.settled();
    }

    const lowered = requestBucket({ requestsPerSecond: 1, burst: 1 });
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await store.takeRequest(tenant, lowered, T0 + 60_000)).allowed);

    expect(after).toEqual([true, false, false]);
  });
});
