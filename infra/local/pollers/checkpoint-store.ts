/** Persists the last processed sequence number per shard, so a restarted poller resumes where it left off. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** `<dataDir>/checkpoints/<function>.json`, one file per consuming function (like a Lambda event source mapping). */
export function checkpointFile(dataDir: string, functionName: string): string {
  return path.join(dataDir, 'checkpoints', `${functionName}.json`);
}

export class CheckpointStore {
  private positions: Record<string, string> = {};
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<CheckpointStore> {
    const store = new CheckpointStore(file);
    try {
      store.positions = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    return store;
  }

  /** The last sequence number processed in `shardId`, if any. */
  get(shardId: string): string | undefined {
    return this.positions[shardId];
  }

  /**
   * Records `sequenceNumber` as processed. Writes are serialised and atomic (temp file + rename),
   * so a crash leaves either the old or the new checkpoint, never a torn file.
   */
  save(shardId: string, sequenceNumber: string): Promise<void> {
    this.positions = { ...this.positions, [shardId]: sequenceNumber };
    const snapshot = JSON.stringify(this.positions, null, 2);
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, snapshot);
      await rename(temp, this.file);
    });
    return this.writing;
  }
}
