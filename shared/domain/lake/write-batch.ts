/**
 * Use case: one Kinesis batch into the lake. Envelopes are decoded one by one (a corrupt one is
 * quarantined with its reason, never retried forever), records are grouped by partition and
 * schema version, each group goes to the raw zone and, deduplicated, to the curated zone.
 * A group that fails reports its source records as failed, so Lambda retries from the first
 * of them; everything before it is already durable.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { DatasetSchema } from '../catalog/dataset-schema';
import { definedProps } from '../defined-props';
import { batchFileTags, type PartitionRef, partitionKey, partitionOf, rawObjectKey } from './lake-layout';
import type { LakeRecord } from './parquet-file';
import { type WriteCuratedDeps, writeCurated } from './write-curated';

const gzipAsync = promisify(gzip);

export interface StreamItem {
  readonly sequenceNumber: string;
  readonly data: Uint8Array;
}

export interface EnvelopeRecord extends LakeRecord {
  readonly tenantId: string;
  readonly dataset: string;
}

export interface WriteBatchDeps extends WriteCuratedDeps {
  readonly unpack: (data: Uint8Array) => readonly EnvelopeRecord[];
  readonly schemaOf: (tenantId: string, dataset: string, version: number) => Promise<DatasetSchema | null>;
  readonly rawBucket: string;
  readonly quarantineBucket: string;
  readonly log: (message: string, details: Record<string, unknown>) => void;
  /**
   * Called after each partition's curated write with what it wrote and the files holding its
   * duplicates (the metric rollups hook in here, so they only ever see deduplicated records).
   * A throw fails the partition's source records, as a failed write does.
   */
  readonly afterCurated?: (write: CuratedWrite) => Promise<void>;
}

export interface CuratedWrite {
  readonly partition: PartitionRef;
  readonly fileKey?: string;
  readonly records: readonly LakeRecord[];
  readonly heldBy: readonly string[];
}

export interface WriteBatchResult {
  readonly failedSequenceNumbers: readonly string[];
  readonly written: number;
  readonly duplicates: number;
  readonly quarantined: number;
}

interface Group {
  readonly partition: PartitionRef;
  readonly schemaVersion: number;
  readonly records: EnvelopeRecord[];
  readonly sources: Set<string>;
}

async function quarantine(deps: WriteBatchDeps, item: StreamItem, reason: string): Promise<void> {
  const day = new Date().toISOString().slice(0, 10);
  const base = `quarantine/dt=${day}/${item.sequenceNumber}`;
  await deps.objects.put(deps.quarantineBucket, `${base}.bin`, item.data, 'application/octet-stream');
  await deps.objects.put(
    deps.quarantineBucket,
    `${base}.reason.json`,
    JSON.stringify({ reason }),
    'application/json',
  );
}

function groupRecords(decoded: readonly { item: StreamItem; records: readonly EnvelopeRecord[] }[]): Group[] {
  const groups = new Map<string, Group>();
  // The records of one request share their receive time: its partition is worked out once.
  const partitions = new Map<string, PartitionRef>();
  for (const { item, records } of decoded) {
    for (const record of records) {
      const at = `${record.tenantId}|${record.dataset}|${record.receivedAt}`;
      let partition = partitions.get(at);
      if (!partition) {
        partition = partitionOf(record.tenantId, record.dataset, record.receivedAt);
        partitions.set(at, partition);
      }
      const key = `${partitionKey(partition)}|v${record.schemaVersion}`;
      let group = groups.get(key);
      if (!group) {
        group = { partition, schemaVersion: record.schemaVersion, records: [], sources: new Set() };
        groups.set(key, group);
      }
      group.records.push(record);
      group.sources.add(item.sequenceNumber);
    }
  }
  return [...groups.values()];
}

/** Raw files are named by their source sequence numbers, so a retried batch overwrites them. */
function rawFileId(group: Group): string {
  const hash = createHash('sha256');
  for (const seq of [...group.sources].sort()) hash.update(seq).update('\n');
  return `${hash.digest('base64url').slice(0, 24)}-v${group.schemaVersion}`;
}

async function writeGroup(group: Group, deps: WriteBatchDeps) {
  const { partition } = group;
  const schema = await deps.schemaOf(partition.tenantId, partition.dataset, group.schemaVersion);
  if (!schema)
    throw new Error(
      `no schema ${partition.dataset} v${group.schemaVersion} for tenant ${partition.tenantId}`,
    );
  const ndjson = group.records.map((r) => JSON.stringify(r)).join('\n');
  // The raw file is compressed off the main thread (libuv's pool) while the curated file is
  // encoded on it; the two writes are independent (a retry rewrites the raw file and finds the
  // curated records held), so neither waits for the other.
  const raw = (async () =>
    deps.objects.put(
      deps.rawBucket,
      rawObjectKey(partition, rawFileId(group)),
      // The default level: level 1 would be 4x faster but store ~20% more bytes for a year, which
      // costs far more than the CPU it saves (measured with npm run cost:measure).
      await gzipAsync(ndjson),
      'application/x-ndjson',
      batchFileTags,
    ))();
  // Both settle before the group fails, so no write of this attempt outlives the invocation.
  const [rawWrite, curatedWrite] = await Promise.allSettled([
    raw,
    writeCurated(partition, schema, group.records, deps),
  ]);
  if (rawWrite.status === 'rejected') throw rawWrite.reason;
  if (curatedWrite.status === 'rejected') throw curatedWrite.reason;
  const result = curatedWrite.value;
  await deps.afterCurated?.(
    definedProps({ partition, fileKey: result.fileKey, records: result.records, heldBy: result.heldBy }),
  );
  return result;
}

export async function writeBatch(
  items: readonly StreamItem[],
  deps: WriteBatchDeps,
): Promise<WriteBatchResult> {
  const decoded: { item: StreamItem; records: readonly EnvelopeRecord[] }[] = [];
  const failed = new Set<string>();
  let quarantined = 0;
  for (const item of items) {
    try {
      decoded.push({ item, records: deps.unpack(item.data) });
    } catch (error) {
      try {
        await quarantine(deps, item, (error as Error).message);
        quarantined++;
        deps.log('envelope quarantined', {
          sequenceNumber: item.sequenceNumber,
          reason: (error as Error).message,
        });
      } catch (storeError) {
        failed.add(item.sequenceNumber);
        deps.log('quarantine failed', {
          sequenceNumber: item.sequenceNumber,
          error: (storeError as Error).message,
        });
      }
    }
  }

  let written = 0;
  let duplicates = 0;
  for (const group of groupRecords(decoded)) {
    try {
      const result = await writeGroup(group, deps);
      written += result.written;
      duplicates += result.duplicates;
    } catch (error) {
      for (const seq of group.sources) failed.add(seq);
      deps.log('partition write failed', {
        partition: partitionKey(group.partition),
        error: (error as Error).message,
      });
    }
  }
  return { failedSequenceNumbers: [...failed], written, duplicates, quarantined };
}
