/**
 * Use case: merge a partition's small Parquet files into one file per schema version, rows
 * sorted by receive time, and swap the manifest in one conditional PUT, so a reader sees either
 * the small files or the merged one, never both and never neither. The inputs stay on S3 for
 * `retentionMs` after they leave the manifest (a query planned before the swap still reads
 * them), then a later run deletes them together with files a crashed writer never committed.
 *
 * Why the lake writer may ignore compacted files when it repairs rollups: the compactor only
 * takes partition-hours older than the rollups' late-data window (see `compactDue`), whose
 * events the rollups no longer count anyway.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import type { ObjectCleanup } from '../../ports/object-cleanup';
import type { ObjectStore } from '../../ports/object-store';
import { CURATED_ZONE, manifestKey, type PartitionRef, partitionPrefix } from './lake-layout';
import { compactedParquetOptions, curatedDecompressors } from './parquet-codec';
import { dataFileKey, parseManifest, renderManifest, schemaVersionOfFile } from './partition-manifest';

export interface CompactionDeps {
  readonly objects: ObjectStore;
  readonly cleanup: ObjectCleanup;
  readonly curatedBucket: string;
  readonly now: () => Date;
  /** How long a file no manifest lists is kept before it is deleted. */
  readonly retentionMs: number;
  /** Rows per row group of a merged file. @default 100_000 */
  readonly rowGroupSize?: number;
}

export interface CompactionResult {
  readonly filesBefore: number;
  readonly filesAfter: number;
  /** Files deleted from storage (retired inputs and uncommitted leftovers). */
  readonly deleted: number;
}

const maxSwapAttempts = 8;

async function readManifest(partition: PartitionRef, deps: CompactionDeps) {
  const found = await deps.objects.getTagged(deps.curatedBucket, manifestKey(partition));
  const text = found ? new TextDecoder().decode(found.body) : '';
  return { etag: found?.etag ?? null, keys: parseManifest(deps.curatedBucket, text) };
}

type Row = Record<string, unknown>;
type WriterSchema = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>;

async function readFile(deps: CompactionDeps, key: string) {
  const bytes = await deps.objects.get(deps.curatedBucket, key);
  if (!bytes) throw new Error(`the manifest lists ${key}, which does not exist`);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return {
    schema: parquetMetadata(file).schema,
    rows: (await parquetReadObjects({ file, compressors: curatedDecompressors })) as Row[],
  };
}

const timeOf = (row: Row) => (row['receivedAt'] instanceof Date ? row['receivedAt'].getTime() : 0);

/** One merged file from several of the same schema version: each event id once, sorted by time. */
async function merge(
  partition: PartitionRef,
  version: number,
  inputs: readonly string[],
  deps: CompactionDeps,
) {
  const files = await Promise.all(inputs.map((key) => readFile(deps, key)));
  const schema = files[0]?.schema ?? [];
  const byId = new Map<string, Row>();
  for (const { rows } of files) {
    for (const row of rows) {
      const id = String(row['eventId']);
      if (!byId.has(id)) byId.set(id, row);
    }
  }
  const rows = [...byId.values()].sort(
    (a, b) => timeOf(a) - timeOf(b) || String(a['eventId']).localeCompare(String(b['eventId'])),
  );
  const columnData: ColumnSource[] = schema
    .slice(1)
    .map((element) => ({ name: element.name, data: rows.map((row) => row[element.name] ?? null) }));
  const body = new Uint8Array(
    parquetWriteBuffer({
      columnData,
      // The writer bundles its own copy of hyparquet's types; the elements are the same shape.
      schema: schema as unknown as WriterSchema,
      rowGroupSize: deps.rowGroupSize ?? 100_000,
      ...compactedParquetOptions,
    }),
  );
  const key = dataFileKey(partition, byId.keys(), version, true);
  await deps.objects.put(deps.curatedBucket, key, body, 'application/vnd.apache.parquet');
  return key;
}

/** Swaps inputs for outputs in the current manifest; false if another compactor got there first. */
async function swap(
  partition: PartitionRef,
  merged: ReadonlyMap<string, readonly string[]>,
  deps: CompactionDeps,
): Promise<string[] | null> {
  const inputs = new Set([...merged.values()].flat());
  for (let attempt = 1; attempt <= maxSwapAttempts; attempt++) {
    // Re-read: a lake writer may have committed late records since the merge began.
    const current = await readManifest(partition, deps);
    if (![...inputs].every((key) => current.keys.includes(key))) return null;
    const next = [...merged.keys(), ...current.keys.filter((key) => !inputs.has(key))];
    const swapped = await deps.objects.putIfMatch(
      deps.curatedBucket,
      manifestKey(partition),
      renderManifest(deps.curatedBucket, next),
      'text/plain',
      current.etag,
    );
    if (swapped !== null) return next;
  }
  throw new Error(`the manifest of ${manifestKey(partition)} kept changing during compaction`);
}

/** Deletes data files no manifest lists once they are older than the retention. */
async function collectGarbage(partition: PartitionRef, live: readonly string[], deps: CompactionDeps) {
  const keep = new Set(live);
  const cutoff = deps.now().getTime() - deps.retentionMs;
  const listed = await deps.cleanup.list(deps.curatedBucket, partitionPrefix(CURATED_ZONE, partition));
  const stale = listed
    .filter((o) => o.key.endsWith('.parquet') && !keep.has(o.key) && o.lastModified.getTime() <= cutoff)
    .map((o) => o.key);
  if (stale.length > 0) await deps.cleanup.remove(deps.curatedBucket, stale);
  return stale.length;
}

export async function compactPartition(
  partition: PartitionRef,
  deps: CompactionDeps,
): Promise<CompactionResult> {
  const manifest = await readManifest(partition, deps);
  const byVersion = new Map<number, string[]>();
  for (const key of manifest.keys) {
    const version = schemaVersionOfFile(key);
    byVersion.set(version, [...(byVersion.get(version) ?? []), key]);
  }
  const merged = new Map<string, readonly string[]>();
  for (const [version, keys] of byVersion) {
    if (keys.length > 1) merged.set(await merge(partition, version, keys, deps), keys);
  }
  const live = merged.size > 0 ? await swap(partition, merged, deps) : manifest.keys;
  const after = live ?? (await readManifest(partition, deps)).keys;
  const deleted = await collectGarbage(partition, after, deps);
  return { filesBefore: manifest.keys.length, filesAfter: after.length, deleted };
}
