/**
 * Use case: write one partition's records to the curated zone exactly once, with no per-event
 * state outside the lake itself.
 *
 * Protocol (at-least-once delivery in, no duplicates out), per batch and partition:
 * 1. Read the partition's manifest (one GET, with its entity tag). The event ids its files hold
 *    come from the writer's in-memory index (`EventIdIndex`), which reads only files it has not
 *    seen; records whose id is already held are duplicates (a Kinesis redelivery, or a client's
 *    retried request with the same ids) and are dropped.
 * 2. Write the rest as one Parquet file named by a hash of its event ids, so a retry of the same
 *    records rewrites the same object instead of adding a copy.
 * 3. Commit by swapping the manifest for one that also lists the file, conditional on the entity
 *    tag read in step 1 (S3 If-Match / If-None-Match). Readers only see files a manifest lists, so
 *    a crash before the swap leaves an invisible file (the compactor deletes it later) and a
 *    crash after it leaves the records stored, which step 1 of the retry then finds. A lost
 *    race (the compactor swapped first) re-reads and tries again.
 *
 * A warm writer remembers the manifest it last committed per partition (`manifests`) and starts
 * from it instead of reading it: the swap in step 3 is conditional on the remembered entity tag,
 * so if anyone else changed the manifest (the compactor, another writer), the swap fails, the file
 * written from the stale view stays invisible, and the next attempt reads the manifest.
 *
 * Dedupe spans a partition-hour: a retried request whose copy lands in the next hour (its records
 * are partitioned by receive time) is caught by also consulting the previous hour's partition
 * when the batch is within `crossHourWindowMs` of the hour's start.
 */
import type { ObjectStore } from '../../ports/object-store';
import type { DatasetSchema } from '../catalog/dataset-schema';
import type { EventIdIndex } from './event-id-index';
import {
  batchFileTags,
  manifestKey,
  type PartitionRef,
  partitionKey,
  partitionMarkerKey,
} from './lake-layout';
import { encodeParquet, type LakeRecord } from './parquet-file';
import { dataFileKey, isCompactedFile, parseManifest, renderManifest } from './partition-manifest';

/** A partition's manifest as this writer last committed it. */
export interface CommittedManifest {
  readonly etag: string;
  readonly keys: readonly string[];
}

export interface WriteCuratedDeps {
  readonly objects: ObjectStore;
  readonly curatedBucket: string;
  readonly eventIndex: EventIdIndex;
  /** Lives as long as the warm writer: the manifests it committed, by partition. @default none kept */
  readonly manifests?: Map<string, CommittedManifest>;
}

/** Partitions whose committed manifest a writer remembers (a partition-hour's is a few KB). */
const rememberedManifests = 1024;

function remember(deps: WriteCuratedDeps, key: string, manifest: CommittedManifest): void {
  const memory = deps.manifests;
  if (!memory) return;
  memory.delete(key);
  memory.set(key, manifest);
  for (const oldest of memory.keys()) {
    if (memory.size <= rememberedManifests) break;
    memory.delete(oldest);
  }
}

export interface WriteCuratedResult {
  readonly written: number;
  readonly duplicates: number;
  readonly fileKey?: string;
  /** The records written to `fileKey`: deduplicated, each event id once. */
  readonly records: readonly LakeRecord[];
  /** Files (not compaction outputs) that already hold this call's duplicates. */
  readonly heldBy: readonly string[];
}

/** Swaps lost in a row before the batch is failed (and retried by the event source). */
const maxCommitAttempts = 8;
/** How far into an hour a retried request's copy is still checked against the previous hour. */
export const crossHourWindowMs = 15 * 60_000;

async function manifestOf(
  partition: PartitionRef,
  deps: WriteCuratedDeps,
): Promise<{ etag: string | null; keys: readonly string[] }> {
  const found = await deps.objects.getTagged(deps.curatedBucket, manifestKey(partition));
  const text = found ? new TextDecoder().decode(found.body) : '';
  return { etag: found?.etag ?? null, keys: parseManifest(deps.curatedBucket, text) };
}

function previousHour(p: PartitionRef): PartitionRef {
  const start = new Date(`${p.dt}T${p.hour}:00:00.000Z`).getTime() - 3_600_000;
  const iso = new Date(start).toISOString();
  return { ...p, dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
}

/** Ids already stored in the previous hour, for records received early in this one. */
async function heldBeforeThisHour(
  partition: PartitionRef,
  records: readonly LakeRecord[],
  deps: WriteCuratedDeps,
): Promise<ReadonlyMap<string, string>> {
  const hourStart = new Date(`${partition.dt}T${partition.hour}:00:00.000Z`).getTime();
  const early = records.some((r) => Date.parse(r.receivedAt) - hourStart < crossHourWindowMs);
  if (!early) return new Map();
  const previous = previousHour(partition);
  const { keys } = await manifestOf(previous, deps);
  return keys.length === 0 ? new Map() : deps.eventIndex.holders(partitionKey(previous), keys);
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
  const earlier = await heldBeforeThisHour(partition, [...unique.values()], deps);
  const key = partitionKey(partition);

  for (let attempt = 1; attempt <= maxCommitAttempts; attempt++) {
    // The first attempt trusts the writer's memory; a lost swap reads the manifest.
    const remembered = attempt === 1 ? deps.manifests?.get(key) : undefined;
    const manifest = remembered ?? (await manifestOf(partition, deps));
    const held = await deps.eventIndex.holders(key, manifest.keys);
    const holderOf = (id: string) => held.get(id) ?? earlier.get(id);
    const toWrite = [...unique.values()].filter((r) => holderOf(r.eventId) === undefined);
    const duplicates = records.length - toWrite.length;
    const heldBy = [
      ...new Set(
        [...unique.keys()].flatMap((id) => {
          const holder = holderOf(id);
          return holder && !isCompactedFile(holder) ? [holder] : [];
        }),
      ),
    ];
    if (toWrite.length === 0) return { written: 0, duplicates, records: [], heldBy };

    const ids = toWrite.map((r) => r.eventId);
    const fileKey = dataFileKey(partition, ids, schema.version);
    await deps.objects.put(
      deps.curatedBucket,
      fileKey,
      encodeParquet(schema, toWrite),
      'application/vnd.apache.parquet',
      batchFileTags,
    );
    if (manifest.etag === null) {
      // Before the partition's first manifest, so the compactor can never miss it.
      await deps.objects.put(deps.curatedBucket, partitionMarkerKey(partition), '', 'text/plain');
    }
    const keys = [...manifest.keys.filter((k) => k !== fileKey), fileKey];
    const committed = await deps.objects.putIfMatch(
      deps.curatedBucket,
      manifestKey(partition),
      renderManifest(deps.curatedBucket, keys),
      'text/plain',
      manifest.etag,
    );
    if (committed === null) deps.manifests?.delete(key);
    else {
      if (committed !== '') remember(deps, key, { etag: committed, keys });
      deps.eventIndex.add(key, fileKey, ids);
      return { written: toWrite.length, duplicates, fileKey, records: toWrite, heldBy };
    }
  }
  throw new Error(`the manifest of ${key} changed under ${maxCommitAttempts} commits in a row`);
}
