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
   * @param maxPartitions partitions kept in memory; the least recently used is dropped first
   * (and rebuilt from its files if it is written again).
   */
  constructor(
    private readonly readIds: ReadEventIds,
    private readonly maxPartitions = 64,
  ) {}

  /** Event id → holding file, for every file listed (reads the ones not seen before). */
  async holders(partition: string, fileKeys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const entry = this.entry(partition);
    for (const fileKey of fileKeys) {
      if (entry.files.has(fileKey)) continue;
      for (const id of await this.readIds(fileKey)) entry.holder.set(id, fileKey);
      entry.files.add(fileKey);
    }
    return entry.holder;
  }

  /** Records a file this writer has just written and committed. */
  add(partition: string, fileKey: string, eventIds: readonly string[]): void {
    const entry = this.entry(partition);
    for (const id of eventIds) entry.holder.set(id, fileKey);
    entry.files.add(fileKey);
  }

  private entry(partition: string): PartitionIds {
    let entry = this.partitions.get(partition);
    if (entry) {
      this.partitions.delete(partition);
    } else {
      entry = { holder: new Map(), files: new Set() };
    }
    this.partitions.set(partition, entry);
    while (this.partitions.size > this.maxPartitions) {
      const oldest = this.partitions.keys().next().value;
      if (oldest === undefined) break;
      this.partitions.delete(oldest);
    }
    return entry;
  }
}

/** An index that reads the ids of a curated file from the lake itself. */
export function curatedEventIdIndex(
  objects: Pick<ObjectStore, 'get'>,
  curatedBucket: string,
  maxPartitions?: number,
): EventIdIndex {
  return new EventIdIndex(async (fileKey) => {
    const bytes = await objects.get(curatedBucket, fileKey);
    if (!bytes) throw new Error(`the manifest lists ${fileKey}, which does not exist`);
    return readEventIds(bytes);
  }, maxPartitions);
}
