/** ObjectStore contract: the in-memory twin and S3ObjectStore on s3rver must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectCleanup } from '../../shared/adapters/aws/s3-object-cleanup';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store';
import type { ObjectCleanup } from '../../shared/ports/object-cleanup';
import type { ObjectStore } from '../../shared/ports/object-store';
import { s3Client } from '../../shared/runtime/clients/s3-client';
import { InMemoryObjectStore } from '../support/twins/in-memory-object-store';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly store: ObjectStore;
  readonly cleanup: ObjectCleanup;
  /** A bucket that exists. */
  readonly bucket: string;
  /** Another bucket that exists, to show keys are per bucket. */
  readonly otherBucket: string;
}

const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));

/**
 * Defines the ObjectStore behaviours once; each subject runs all of them.
 * Left out because the subjects disagree (the port does not say): whether `get` hands out a
 * private copy. S3 does; the twin returns its stored array, so a caller that edits the bytes it
 * read changes the twin's object.
 */
function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let s: Subject;
    /** A key no other test uses, under a prefix shaped like the lake's. */
    let key: string;
    beforeEach(() => {
      s = makeSubject();
      key = `raw/tenant=${randomUUID()}/dataset=events/dt=2026-11-27/${randomUUID()}.json`;
    });

    it('returns the bytes that were put', async () => {
      // Arrange
      const body = Uint8Array.from([0, 1, 2, 127, 128, 254, 255]);

      // Act
      await s.store.put(s.bucket, key, body, 'application/octet-stream');
      const got = await s.store.get(s.bucket, key);

      // Assert
      expect(got).toBeInstanceOf(Uint8Array);
      expect(Array.from(got ?? [])).toEqual(Array.from(body));
    });

    it('stores a string body as its UTF-8 bytes', async () => {
      const body = 'héllo, 世界 ✓\n';

      await s.store.put(s.bucket, key, body, 'text/plain; charset=utf-8');

      const got = await s.store.get(s.bucket, key);
      expect(Array.from(got ?? [])).toEqual(Array.from(Buffer.from(body, 'utf8')));
      expect(text(got)).toBe(body);
    });

    it('stores an empty body as an existing, empty object', async () => {
      await s.store.put(s.bucket, key, '', 'text/plain');

      expect(await s.store.exists(s.bucket, key)).toBe(true);
      expect((await s.store.get(s.bucket, key))?.byteLength).toBe(0);
    });

    it('returns null and reports absence for a key that was never put', async () => {
      expect(await s.store.get(s.bucket, key)).toBeNull();
      expect(await s.store.exists(s.bucket, key)).toBe(false);
    });

    it('reports an object as existing once it is put', async () => {
      expect(await s.store.exists(s.bucket, key)).toBe(false);

      await s.store.put(s.bucket, key, '{}', 'application/json');

      expect(await s.store.exists(s.bucket, key)).toBe(true);
    });

    it('replaces an object put twice under the same key', async () => {
      await s.store.put(s.bucket, key, 'first version, longer', 'text/plain');
      await s.store.put(s.bucket, key, 'second', 'text/plain');

      expect(text(await s.store.get(s.bucket, key))).toBe('second');
    });

    it('keeps keys apart per bucket', async () => {
      await s.store.put(s.bucket, key, 'in the first bucket', 'text/plain');

      expect(await s.store.get(s.otherBucket, key)).toBeNull();
      expect(await s.store.exists(s.otherBucket, key)).toBe(false);
    });

    it('does not treat a key as a prefix of longer keys', async () => {
      await s.store.put(s.bucket, `${key}.part`, 'longer key', 'text/plain');

      expect(await s.store.exists(s.bucket, key)).toBe(false);
      expect(await s.store.get(s.bucket, key)).toBeNull();
    });

    it('round-trips keys with spaces, unicode and URL-reserved characters', async () => {
      const odd = `${key}/a b+c=d&e%20f/ü/#?.txt`;

      await s.store.put(s.bucket, odd, 'odd key', 'text/plain');

      expect(text(await s.store.get(s.bucket, odd))).toBe('odd key');
      expect(await s.store.exists(s.bucket, odd)).toBe(true);
      expect(await s.store.exists(s.bucket, `${key}/a b c=d&e%20f/ü/#?.txt`)).toBe(false);
    });

    it('keeps what was stored when the caller later changes the bytes it passed', async () => {
      const body = Uint8Array.from([1, 2, 3]);
      await s.store.put(s.bucket, key, body, 'application/octet-stream');

      body[0] = 9;

      expect(Array.from((await s.store.get(s.bucket, key)) ?? [])).toEqual([1, 2, 3]);
    });

    it('returns null for an object in a bucket that does not exist', async () => {
      const missingBucket = `no-such-bucket-${randomUUID()}`;
      expect(await s.store.get(missingBucket, key)).toBeNull();
      expect(await s.store.exists(missingBucket, key)).toBe(false);
    });

    it('creates with a null expectation only while the key is absent', async () => {
      const first = await s.store.putIfMatch(s.bucket, key, 'first', 'text/plain', null);
      const second = await s.store.putIfMatch(s.bucket, key, 'second', 'text/plain', null);

      expect(first).toEqual(expect.any(String));
      expect(second).toBeNull();
      expect(text(await s.store.get(s.bucket, key))).toBe('first');
    });

    it('swaps only from the entity tag it was given (compare-and-swap)', async () => {
      await s.store.put(s.bucket, key, 'v1', 'text/plain');
      const read = await s.store.getTagged(s.bucket, key);
      expect(text(read?.body ?? null)).toBe('v1');

      const swapped = await s.store.putIfMatch(s.bucket, key, 'v2', 'text/plain', read?.etag ?? '');
      const stale = await s.store.putIfMatch(s.bucket, key, 'v3', 'text/plain', read?.etag ?? '');

      expect(swapped).toEqual(expect.any(String));
      expect(stale).toBeNull();
      expect((await s.store.getTagged(s.bucket, key))?.etag).toBe(swapped);
      expect(text(await s.store.get(s.bucket, key))).toBe('v2');
    });

    it('refuses an If-Match write to a key that does not exist', async () => {
      expect(await s.store.putIfMatch(s.bucket, key, 'x', 'text/plain', '"abc"')).toBeNull();
      expect(await s.store.getTagged(s.bucket, key)).toBeNull();
    });

    it('lets exactly one of several racing swaps from the same version win', async () => {
      await s.store.put(s.bucket, key, 'base', 'text/plain');
      const base = (await s.store.getTagged(s.bucket, key))?.etag ?? '';

      const results = await Promise.all(
        ['a', 'b', 'c', 'd'].map((v) => s.store.putIfMatch(s.bucket, key, v, 'text/plain', base)),
      );

      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('lists keys under a prefix and deletes them', async () => {
      const prefix = key.replace(/\.json$/, '/');
      await s.store.put(s.bucket, `${prefix}a`, 'a', 'text/plain');
      await s.store.put(s.bucket, `${prefix}b/c`, 'c', 'text/plain');
      await s.store.put(s.bucket, `${prefix.slice(0, -1)}x`, 'outside', 'text/plain');

      const listed = await s.cleanup.list(s.bucket, prefix);
      expect(listed.map((o) => o.key)).toEqual([`${prefix}a`, `${prefix}b/c`]);
      expect(listed[0]?.lastModified).toBeInstanceOf(Date);

      await s.cleanup.remove(s.bucket, [`${prefix}a`, `${prefix}missing`]);
      expect((await s.cleanup.list(s.bucket, prefix)).map((o) => o.key)).toEqual([`${prefix}b/c`]);
    });

    it('keeps large bodies intact', async () => {
      const body = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);

      await s.store.put(s.bucket, key, body, 'application/octet-stream');

      const got = await s.store.get(s.bucket, key);
      expect(got?.byteLength).toBe(body.byteLength);
      expect(Buffer.from(got ?? []).equals(Buffer.from(body))).toBe(true);
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['s3']);
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

describeContract('InMemoryObjectStore (twin)', () => {
  const twin = new InMemoryObjectStore();
  return { store: twin, cleanup: twin, bucket: 'nexus-raw', otherBucket: 'nexus-curated' };
});

describeContract('S3ObjectStore on s3rver', () => {
  const { runtime, env } = started();
  return {
    store: new S3ObjectStore(runtime.client(s3Client)),
    cleanup: new S3ObjectCleanup(runtime.client(s3Client)),
    bucket: env.RAW_BUCKET as string,
    otherBucket: env.CURATED_BUCKET as string,
  };
});
