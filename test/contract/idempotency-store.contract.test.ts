/** IdempotencyStore contract: the in-memory twin and DynamoIdempotencyStore on dynalite must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoIdempotencyStore } from '../../shared/adapters/aws/dynamodb-idempotency-store';
import type { PartitionRef } from '../../shared/domain/lake/lake-layout';
import { claimKey } from '../../shared/domain/lake/write-curated';
import type { EventClaim, IdempotencyStore } from '../../shared/ports/idempotency-store';
import { dynamoDocumentClient } from '../../shared/runtime/clients/dynamodb-client';
import { InMemoryIdempotencyStore } from '../support/twins/in-memory-idempotency-store';
import { type ContractStack, startContractStack } from './contract-stand-ins';

/**
 * Defines the IdempotencyStore behaviours once; each subject runs all of them.
 * Left out because the subjects disagree (the port does not say): one `putClaims` call naming the
 * same key twice. The twin keeps the last claim; DynamoDB refuses the whole BatchWriteItem
 * ("Provided list of item keys contains duplicates"). writeCurated dedupes event ids first.
 */
function describeContract(name: string, makeSubject: () => IdempotencyStore): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let store: IdempotencyStore;
    /** The partition (a fresh tenant per test) whose claims a test puts. */
    let partition: PartitionRef;
    /** Claim keys as the lake writer builds them, so the contract covers the keys it relies on. */
    const keyOf = (eventId: string, p: PartitionRef = partition) => claimKey(p, eventId);
    const fileOf = (n: number) => `curated/tenant=t/dataset=orders/dt=2026-11-27/hr=10/file-${n}.parquet`;
    beforeEach(() => {
      store = makeSubject();
      partition = { tenantId: randomUUID(), dataset: 'orders', dt: '2026-11-27', hour: '10' };
    });

    it('returns the claims that were put, by key', async () => {
      // Arrange
      const claims: EventClaim[] = [
        { key: keyOf('e1'), fileKey: fileOf(1) },
        { key: keyOf('e2'), fileKey: fileOf(1) },
        { key: keyOf('e3'), fileKey: fileOf(2) },
      ];

      // Act
      await store.putClaims(claims);
      const found = await store.getClaims(claims.map((c) => c.key));

      // Assert
      expect(found).toBeInstanceOf(Map);
      expect(found).toEqual(new Map(claims.map((c) => [c.key, c])));
    });

    it('leaves unclaimed keys out of the result', async () => {
      await store.putClaims([{ key: keyOf('claimed'), fileKey: fileOf(1) }]);

      const found = await store.getClaims([keyOf('never'), keyOf('claimed'), keyOf('also-never')]);

      expect([...found.keys()]).toEqual([keyOf('claimed')]);
      expect(found.has(keyOf('never'))).toBe(false);
    });

    it('returns an empty map when nothing is claimed', async () => {
      const found = await store.getClaims([keyOf('a'), keyOf('b')]);

      expect(found.size).toBe(0);
    });

    it('accepts empty key and claim lists', async () => {
      await expect(store.putClaims([])).resolves.toBeUndefined();
      expect((await store.getClaims([])).size).toBe(0);
    });

    it('answers a key asked for twice once', async () => {
      await store.putClaims([{ key: keyOf('dup'), fileKey: fileOf(1) }]);

      const found = await store.getClaims([keyOf('dup'), keyOf('dup')]);

      expect(found).toEqual(new Map([[keyOf('dup'), { key: keyOf('dup'), fileKey: fileOf(1) }]]));
    });

    it('moves a claim to the file of a later put (a writer taking over an unwritten file)', async () => {
      await store.putClaims([{ key: keyOf('e1'), fileKey: fileOf(1) }]);

      await store.putClaims([{ key: keyOf('e1'), fileKey: fileOf(2) }]);

      expect((await store.getClaims([keyOf('e1')])).get(keyOf('e1'))?.fileKey).toBe(fileOf(2));
    });

    it("keeps one tenant's claims apart from another's with the same dataset and event ids", async () => {
      // Arrange: the other tenant's partition differs in nothing but the tenant.
      const other: PartitionRef = { ...partition, tenantId: randomUUID() };
      await store.putClaims([{ key: keyOf('e1'), fileKey: fileOf(1) }]);

      // Act
      const before = await store.getClaims([keyOf('e1', other)]);
      await store.putClaims([{ key: keyOf('e1', other), fileKey: fileOf(2) }]);
      const mine = await store.getClaims([keyOf('e1')]);

      // Assert: the other tenant sees no claim, and its own claim leaves ours where it was.
      expect(before.size).toBe(0);
      expect(mine.get(keyOf('e1'))?.fileKey).toBe(fileOf(1));
    });

    it('claims and finds batches larger than one DynamoDB request (25 writes, 100 reads)', async () => {
      const claims = Array.from({ length: 260 }, (_, i) => ({
        key: keyOf(`bulk-${i}`),
        fileKey: fileOf(i % 7),
      }));
      const unclaimed = Array.from({ length: 40 }, (_, i) => keyOf(`unclaimed-${i}`));

      await store.putClaims(claims);
      const found = await store.getClaims([...claims.map((c) => c.key), ...unclaimed]);

      expect(found.size).toBe(claims.length);
      for (const claim of claims) expect(found.get(claim.key)).toEqual(claim);
    });

    it('stores keys with characters a DynamoDB expression would need escaped', async () => {
      const odd = { key: keyOf('ev:1 #x "y" é/='), fileKey: `${fileOf(3)}?v=1 ü` };

      await store.putClaims([odd]);

      expect((await store.getClaims([odd.key])).get(odd.key)).toEqual(odd);
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['dynamodb']);
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

describeContract('InMemoryIdempotencyStore (twin)', () => new InMemoryIdempotencyStore());

describeContract('DynamoIdempotencyStore on dynalite', () => {
  const { runtime, env } = started();
  return new DynamoIdempotencyStore(runtime.client(dynamoDocumentClient), {
    tableName: env.IDEMPOTENCY_TABLE as string,
  });
});
