/** Runs s3rver (the S3 stand-in) with Nexus's buckets and reports object-created events to a callback. */
import { randomUUID } from 'node:crypto';
import { fstat } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import S3rver from 's3rver';
import S3rverAccount from 's3rver/lib/models/account.js';
import { type KeyRing, keyRing } from '../function-credentials';
import { bucketNames } from '../resources';
import { conditionalPuts } from './conditional-puts';
import type { ObjectCreatedNotice } from './protocol';
import type { RunningServer } from './running-server';
import { policyCheck } from './s3-policy-check';
import { signatureCheck } from './sigv4-check';

export async function runS3rver(
  port: number,
  host: string,
  dir: string,
  onObjectCreated: (notice: ObjectCreatedNotice) => void,
  /** Who may sign and what each key may do. @default the platform's key and one per topology function */
  keys: KeyRing = keyRing(),
): Promise<RunningServer> {
  await mkdir(dir, { recursive: true });
  const s3 = new S3rver({
    address: host,
    port,
    directory: dir,
    silent: true,
    configureBuckets: Object.values(bucketNames).map((name) => ({ name })),
  });
  makePutsAtomic(s3);
  makeGetsConsistent(s3);
  // After the signature check (unshifted last, so it runs first): S3's conditional writes.
  (s3 as unknown as { middleware: unknown[] }).middleware.unshift(
    conditionalPuts((s3 as unknown as { store: Parameters<typeof conditionalPuts>[0] }).store),
  );
  // s3rver refuses key ids it does not know before any handler runs; it learns the functions' here.
  for (const { accessKeyId, secretAccessKey } of keys.pairs)
    S3rverAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  // s3rver checks no SigV4 signature and no permission; every request, header- or URL-signed, is
  // checked as S3 would: the signature, then the signing key's policy (a function's role locally).
  (s3 as unknown as { middleware: unknown[] }).middleware.unshift(
    signatureCheck(keys.secretOf),
    policyCheck(keys.policyOf),
  );
  // S3 bucket notifications are not emulated by s3rver; its in-process `event` channel is.
  s3.on('event', (event: import('s3rver').S3rverEvent) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      onObjectCreated({
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size ?? 0,
        eTag: record.s3.object.eTag ?? '',
        sequencer: record.s3.object.sequencer,
        eventName: record.eventName,
        eventTime: record.eventTime,
      });
    }
  });
  await s3.run();
  return {
    close: async () => {
      s3.httpServer?.closeAllConnections();
      await s3.close();
    },
  };
}

/** The slice of s3rver's FilesystemStore that puts go through (s3rver ships no types for it). */
interface StoredObject {
  readonly metadata: Record<string, string>;
  readonly content: (NodeJS.ReadableStream & { fd?: number; destroy(): void }) | null;
  range?: unknown;
}

interface FilesystemStore {
  putObject(object: { bucket: string; key: string }): Promise<unknown>;
  getObject(bucket: string, key: string, options?: unknown): Promise<StoredObject | null>;
  getResourcePath(bucket: string, key: string, resource: string): string;
}

/**
 * S3 makes a PUT visible all at once; s3rver streams into the final file, so a reader that
 * lists the directory (DuckDB globbing the curated zone) could open a half-written Parquet
 * file. Each object is written under a hidden key first and renamed into place, object file
 * last, which restores S3's all-or-nothing visibility.
 */
function makePutsAtomic(s3: S3rver): void {
  const store = (s3 as unknown as { store: FilesystemStore }).store;
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const partialKey = `.nexus-partial/${randomUUID()}`;
    const result = await putObject(
      Object.assign(Object.create(Object.getPrototypeOf(object)), object, { key: partialKey }),
    );
    const { bucket, key } = object;
    const finalObject = store.getResourcePath(bucket, key, 'object');
    await mkdir(dirname(finalObject), { recursive: true });
    for (const resource of ['metadata.json', 'object.md5', 'object']) {
      await rename(
        store.getResourcePath(bucket, partialKey, resource),
        store.getResourcePath(bucket, key, resource),
      );
    }
    return result;
  };
}

/**
 * The renames above replace an object's metadata and its bytes one after the other, so a GET
 * racing an overwrite can pair the old length with the new bytes (a truncated body) or the
 * reverse. S3 never does: a whole-object GET whose open file disagrees with its metadata's
 * length is read again.
 */
function makeGetsConsistent(s3: S3rver): void {
  const store = (s3 as unknown as { store: FilesystemStore }).store;
  const getObject = store.getObject.bind(store);
  const openSize = (fd: number) =>
    new Promise<number>((resolve, reject) =>
      fstat(fd, (err, stats) => (err ? reject(err) : resolve(stats.size))),
    );
  store.getObject = async (bucket, key, options) => {
    for (let attempt = 1; ; attempt++) {
      const object = await getObject(bucket, key, options);
      const fd = object?.content?.fd;
      if (!object?.content || object.range !== undefined || fd === undefined || attempt === 5) return object;
      if ((await openSize(fd)) === Number(object.metadata['content-length'])) return object;
      object.content.destroy();
    }
  };
}
