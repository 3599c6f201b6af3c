/**
 * Use case: write one partition's records to the curated zone exactly once.
 *
 * Protocol (at-least-once delivery in, no duplicates out), one DynamoDB write per record:
 * 1. Look up claims of the records' event ids. A claim names the file meant to hold the event:
 *    if that file exists the event is stored (a duplicate: drop it); if not, the writer died
 *    between claiming and writing, and the event is taken over.
 * 2. Name the file by a hash of the event ids it will hold, so a retry of the same records
 *    overwrites the same object instead of adding a copy.
 * 3. Claim the ids for that file, then write the file. A crash in between leaves claims to a
 *    file that does not exist, which step 1 takes over on the retry.
 */
import { createHash } from 'node:crypto';
import type { IdempotencyStore } from '../../ports/idempotency-store';
import type { ObjectStore } from '../../ports/object-store';
import type { DatasetSchema } from '../catalog/dataset-schema';
import { curatedObjectKey, type PartitionRef } from './lake-layout';
import { encodeParquet, type LakeRecord } from './parquet-file';

export interface WriteCuratedDeps {
  readonly idempotency: IdempotencyStore;
  readonly objects: ObjectStore;
  readonly curatedBucket: string;
}

export interface WriteCuratedResult {
  readonly written: number;
  readonly duplicates: number;
  readonly fileKey?: string;
  /** The records written to `fileKey`: deduplicated, each event id once. */
  readonly records: readonly LakeRecord[];
  /** Existing files that already hold this call's duplicates. */
  readonly heldBy: readonly string[];
}

export function claimKey(p: PartitionRef, eventId: string): string {
  return `${p.tenantId}#${p.dataset}#${eventId}`;
}

function fileIdOf(eventIds: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of [...eventIds].sort()) hash.update(id).update('\n');
  return hash.digest('base64url').slice(0, 32);
}

export async function writeCurated(
  partition: PartitionRef,
  schema: DatasetSchema,
  records: readonly LakeRecord[],
  deps: WriteCuratedDeps,
): Promise<WriteCuratedResult> {
  // Duplicates inside the batch: the first copy wins.
  const unique = new Map<string, LakeRecord>();
  for (const record of records) if (!unique.has(record.eventId)) unique.set(record.eventId, record);

  const claims = await deps.idempotency.getClaims([...unique.keys()].map((id) => claimKey(partition, id)));
  const fileExists = new Map<string, boolean>();
  for (const claim of claims.values()) {
    if (!fileExists.has(claim.fileKey)) {
      fileExists.set(claim.fileKey, await deps.objects.exists(deps.curatedBucket, claim.fileKey));
    }
  }
  const toWrite = [...unique.values()].filter((record) => {
    const claim = claims.get(claimKey(partition, record.eventId));
    return !claim || !fileExists.get(claim.fileKey);
  });
  const duplicates = records.length - toWrite.length;
  const heldBy = [...fileExists].flatMap(([key, exists]) => (exists ? [key] : []));
  if (toWrite.length === 0) return { written: 0, duplicates, records: [], heldBy };

  const fileKey = curatedObjectKey(partition, fileIdOf(toWrite.map((r) => r.eventId)));
  await deps.idempotency.putClaims(toWrite.map((r) => ({ key: claimKey(partition, r.eventId), fileKey })));
  await deps.objects.put(
    deps.curatedBucket,
    fileKey,
    encodeParquet(schema, toWrite),
    'application/vnd.apache.parquet',
  );
  return { written: toWrite.length, duplicates, fileKey, records: toWrite, heldBy };
}
