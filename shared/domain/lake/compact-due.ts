/**
 * Use case: the scheduled compaction run. It compacts every partition of the hours that have
 * settled, found through the markers the lake writer leaves (one LIST per hour, never a scan of
 * the lake). An hour settles once it is older than the rollups' late-data window plus a margin:
 * by then the lake writer no longer needs to know which small file held an event (see
 * compact-partition.ts). Late records that arrive after a run are compacted by the next one.
 */
import type { ObjectCleanup } from '../../ports/object-cleanup';
import { type CompactionDeps, type CompactionResult, compactPartition } from './compact-partition';
import { compactRaw } from './compact-raw';
import { partitionMarkerPrefix, partitionOfMarker } from './lake-layout';

export interface CompactDueDeps extends CompactionDeps {
  readonly cleanup: ObjectCleanup;
  /** The raw zone's bucket: its batch files are merged per partition-hour too (compact-raw.ts). */
  readonly rawBucket?: string;
  /** An hour is compacted once it ended at least this long ago. */
  readonly settleMs: number;
  /** Hours before the newest settled one that are looked at again (late records, failed runs). */
  readonly lookbackHours: number;
  readonly log: (message: string, details: Record<string, unknown>) => void;
}

export interface CompactDueResult {
  readonly partitions: number;
  readonly filesBefore: number;
  readonly filesAfter: number;
  readonly deleted: number;
  readonly rawFilesBefore: number;
  readonly rawFilesAfter: number;
  readonly failed: number;
}

const hourMs = 3_600_000;

/** The `dt`/`hour` of the hours to look at, newest first. */
export function settledHours(
  now: Date,
  settleMs: number,
  lookbackHours: number,
): { dt: string; hour: string }[] {
  // The newest hour whose end is at least settleMs ago.
  const newestStart = Math.floor((now.getTime() - settleMs) / hourMs) * hourMs - hourMs;
  return Array.from({ length: lookbackHours + 1 }, (_, i) => {
    const iso = new Date(newestStart - i * hourMs).toISOString();
    return { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
  });
}

export async function compactDue(deps: CompactDueDeps): Promise<CompactDueResult> {
  const totals = {
    partitions: 0,
    filesBefore: 0,
    filesAfter: 0,
    deleted: 0,
    rawFilesBefore: 0,
    rawFilesAfter: 0,
    failed: 0,
  };
  const { rawBucket } = deps;
  for (const { dt, hour } of settledHours(deps.now(), deps.settleMs, deps.lookbackHours)) {
    const markers = await deps.cleanup.list(deps.curatedBucket, partitionMarkerPrefix(dt, hour));
    for (const marker of markers) {
      const partition = partitionOfMarker(marker.key);
      if (!partition) continue;
      let result: CompactionResult;
      try {
        result = await compactPartition(partition, deps);
      } catch (error) {
        // One bad partition must not stop the others; the next run tries it again.
        totals.failed++;
        deps.log('compaction failed', { marker: marker.key, error: (error as Error).message });
        continue;
      }
      totals.partitions++;
      totals.filesBefore += result.filesBefore;
      totals.filesAfter += result.filesAfter;
      totals.deleted += result.deleted;
      if (rawBucket === undefined) continue;
      try {
        const raw = await compactRaw(partition, { ...deps, rawBucket });
        totals.rawFilesBefore += raw.filesBefore;
        totals.rawFilesAfter += raw.filesAfter;
      } catch (error) {
        totals.failed++;
        deps.log('raw compaction failed', { marker: marker.key, error: (error as Error).message });
      }
    }
  }
  return totals;
}
