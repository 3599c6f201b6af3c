/**
 * Use case: merge a settled partition-hour's raw batch files (gzipped NDJSON, one per lake-writer
 * batch) into one object. Gzip members concatenate into one valid gzip stream (RFC 1952), so the
 * merge copies bytes and never decompresses (a batch file's last line has no newline, so a one-byte
 * member goes between two). Why: at the anchor's load a batch file holds ~100 KB,
 * which Standard-IA bills as 128 KB and which pays one lifecycle transition per object; one object
 * per partition-hour pays neither, and can go to Glacier without its per-object overhead.
 *
 * No loss: the merged object is written before any input is deleted, and only the inputs it holds
 * are deleted. It is named by its inputs, so a run that crashes between the two rewrites the same
 * object the next time. A batch file that lands after a run (a late retry) waits for the next run
 * that finds two or more. The raw zone already holds every copy the writer received (a retried
 * request's too), so a record held twice there (a crash midway through the deletes) is within its
 * contract; readers see the curated zone, deduplicated.
 */
import { gzipSync } from 'node:zlib';
import type { ObjectCleanup } from '../../ports/object-cleanup';
import type { ObjectStore } from '../../ports/object-store';
import { type PartitionRef, partitionPrefix, RAW_ZONE, rawObjectKey } from './lake-layout';
import { contentId } from './partition-manifest';

export interface RawCompactionDeps {
  readonly objects: ObjectStore;
  readonly cleanup: ObjectCleanup;
  readonly rawBucket: string;
}

export interface RawCompactionResult {
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly deleted: number;
}

const mergedMark = 'c-';
const newlineMember = gzipSync('\n');
const rawSuffix = '.ndjson.gz';

export function isMergedRawFile(key: string): boolean {
  return (key.split('/').at(-1) ?? '').startsWith(mergedMark);
}

export async function compactRaw(
  partition: PartitionRef,
  deps: RawCompactionDeps,
): Promise<RawCompactionResult> {
  const listed = await deps.cleanup.list(deps.rawBucket, partitionPrefix(RAW_ZONE, partition));
  const files = listed.map((o) => o.key).filter((key) => key.endsWith(rawSuffix));
  const batches = files.filter((key) => !isMergedRawFile(key)).sort();
  if (batches.length < 2) return { filesBefore: files.length, filesAfter: files.length, deleted: 0 };
  const bodies = await Promise.all(
    batches.map(async (key) => {
      const body = await deps.objects.get(deps.rawBucket, key);
      // Listed a moment ago: another run merged and deleted it; this one retries next hour.
      if (!body) throw new Error(`raw file ${key} vanished during compaction`);
      return body;
    }),
  );
  const merged = rawObjectKey(partition, `${mergedMark}${contentId(batches)}`);
  const members = bodies.flatMap((body, i) => (i === 0 ? [body] : [newlineMember, body]));
  await deps.objects.put(deps.rawBucket, merged, Buffer.concat(members), 'application/x-ndjson');
  await deps.cleanup.remove(deps.rawBucket, batches);
  const after = new Set([...files.filter((key) => !batches.includes(key)), merged]);
  return { filesBefore: files.length, filesAfter: after.size, deleted: batches.length };
}
