/**
 * Use case: write one partition's records to the curated zone exactly once.
 *
 * Protocol (at-least-once delivery in, no duplicates out):
 * 1. Look up claims of the records' event ids. Committed → already in the lake: drop.
 *    Pending (a writer died between claiming and committing) → if that file exists the
 *    records are stored: commit and drop; otherwise take them over.
 * 2. Name the file by a hash of the event ids it will hold, so a retry of the same records
 *    overwrites the same object instead of adding a copy.
 * 3. Claim the ids as pending for that file, write the file, then commit the claims.
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
  const pendingFiles = new Map<string, boolean>();
  for (const claim of claims.values()) {
    if (!claim.committed && !pendingFiles.has(claim.fileKey)) {
      pendingFiles.set(claim.fileKey, await deps.objects.exists(deps.curatedBucket, claim.fileKey));
    }
  }

  const toWrite: LakeRecord[] = [];
  const recovered: { key: string; fileKey: string; committed: true }[] = [];
  for (const [eventId, record] of unique) {
    const claim = claims.get(claimKey(partition, eventId));
    if (!claim) toWrite.push(record);
    else if (claim.committed) continue;
    else if (pendingFiles.get(claim.fileKey))
      recovered.push({ key: claim.key, fileKey: claim.fileKey, committed: true });
    else toWrite.push(record);
  }
  if (recovered.length > 0) await deps.idempotency.putClaims(recovered);
  const duplicates = records.length - toWrite.length;
  if (toWrite.length === 0) return { written: 0, duplicates };

  const fileKey = curatedObjectKey(partition, fileIdOf(toWrite.map((r) => r.eventId)));
  const claimsFor = (committed: boolean) =>
    toWrite.map((r) => ({ key: claimKey(partition, r.eventId), fileKey, committed }));
  await deps.idempotency.putClaims(claimsFor(false));
  await deps.objects.put(
    deps.curatedBucket,
    fileKey,
    encodeParquet(schema, toWrite),
    'application/vnd.apache.parquet',
  );
  await deps.idempotency.putClaims(claimsFor(true));
  return { written: toWrite.length, duplicates, fileKey };
}
