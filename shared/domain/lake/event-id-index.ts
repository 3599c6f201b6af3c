/**
 * The lake writer's dedupe index: which event ids the files of a partition hold, kept in the
 * writer's memory between batches. Data files never change once written (a name is fixed by
 * the ids inside), so what the index learnt from a file stays true; a batch only reads the
 * files its partition's manifest lists that the index has not seen (none, on a warm writer,
 * except a compactor's output). This replaces a DynamoDB item per event with nothing per event.
 */
import type { ObjectStore } from '../../ports/object-store';
import { readEventIds } from './read-curated';

export type ReadEventIds = (fileKey: string) => Promise<readonly string[]>;

interface PartitionIds {
  /** Event id → the file that holds it. */
  readonly holder: Map<string, string>;
  readonly files: Set<string>;
}

export class EventIdIndex {
  private readonly partitions = new Map<string, PartitionIds>();

  /**
   * @param maxIds event ids kept in memory (~100 bytes each); past it the least recently used
   * partitions are dropped (and rebuilt from their files if they are written again).
   */
  constructor(
    private readonly readIds: ReadEventIds,
    private readonly maxIds = 1_000_000,
  ) {}

  /** Event id → holding file, for every file listed (reads the ones not seen before). */
  async holders(partition: string, fileKeys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const entry = this.touch(partition);
    for (const fileKey of fileKeys) {
      if (entry.files.has(fileKey)) continue;
      for (const id of await this.readIds(fileKey)) entry.holder.set(id, fileKey);
      entry.files.add(fileKey);
    }
    this.evict(partition);
    return entry.holder;
  }

  /** Records a file this writer has just written and committed. */
  add(partition: string, fileKey: string, eventIds: readonly string[]): void {
    const entry = this.touch(partition);
    for (const id of eventIds) entry.holder.set(id, fileKey);
    entry.files.add(fileKey);
    this.evict(partition);
  }

  /** Whether the index holds the partition now (tests and diagnostics). */
  has(partition: string): boolean {
    return this.partitions.has(partition);
  }

  /** The partition's entry, moved to the most recently used end. */
  private touch(partition: string): PartitionIds {
    const entry = this.partitions.get(partition) ?? { holder: new Map(), files: new Set() };
    this.partitions.delete(partition);
    this.partitions.set(partition, entry);
    return entry;
  }

  /** Drops least recently used partitions (never the one in use) until the ids fit. */
  private evict(inUse: string): void {
    let total = 0;
    for (const entry of this.partitions.values()) total += entry.holder.size;
    for (const [key, entry] of this.partitions) {
      if (total <= this.maxIds) return;
      if (key === inUse) continue;
      this.partitions.delete(key);
      total -= entry.holder.size;
    }
  }
}

/** An index that reads the ids of a curated file from the lake itself. */
export function curatedEventIdIndex(
  objects: Pick<ObjectStore, 'get'>,
  curatedBucket: string,
  maxIds?: number,
): EventIdIndex {
  return new EventIdIndex(async (fileKey) => {
    const bytes = await objects.get(curatedBucket, fileKey);
    if (!bytes) throw new Error(`the manifest lists ${fileKey}, which does not exist`);
    return readEventIds(bytes);
  }, maxIds);
}
