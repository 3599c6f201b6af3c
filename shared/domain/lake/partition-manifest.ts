/**
 * A partition manifest's text and the data file names it lists. The text is the format of
 * Hive's SymlinkTextInputFormat (one `s3://bucket/key` per line), so Athena reads the same
 * object DuckDB does. File names carry what the lake writer and the compactor need to know
 * about a file without opening it: its schema version and whether it is a compaction's output.
 */
import { createHash } from 'node:crypto';
import { curatedObjectKey, type PartitionRef } from './lake-layout';

export function renderManifest(bucket: string, keys: readonly string[]): string {
  return keys.map((key) => `s3://${bucket}/${key}\n`).join('');
}

/** The object keys a manifest lists (lines naming another bucket would be a bug; they are kept out). */
export function parseManifest(bucket: string, text: string): string[] {
  const prefix = `s3://${bucket}/`;
  return text
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

/** A name fixed by the event ids a file holds: a retry that writes the same records rewrites the same object. */
export function contentId(eventIds: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const id of [...eventIds].sort()) hash.update(id).update('\n');
  return hash.digest('base64url').slice(0, 32);
}

const compactedMark = 'c-';

export function dataFileKey(
  p: PartitionRef,
  eventIds: Iterable<string>,
  schemaVersion: number,
  compacted = false,
): string {
  return curatedObjectKey(p, `${compacted ? compactedMark : ''}${contentId(eventIds)}-v${schemaVersion}`);
}

export function schemaVersionOfFile(key: string): number {
  const m = /-v(\d+)\.parquet$/.exec(key);
  if (!m) throw new Error(`not a lake data file name: ${key}`);
  return Number(m[1]);
}

export function isCompactedFile(key: string): boolean {
  return (key.split('/').at(-1) ?? '').startsWith(compactedMark);
}
