/** EventSink on Kinesis: PutRecords in service-sized chunks, retrying the entries that failed. */
import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { ThrottledError } from '../../domain/errors';
import type { EventSink, StreamEnvelope } from '../../ports/event-sink';

export interface KinesisEventSinkOptions {
  readonly streamName: string;
  /** @default 5 */
  readonly maxAttempts?: number;
  /** @default 50 */
  readonly baseDelayMs?: number;
}

// Service limits of one PutRecords call.
const maxEntriesPerCall = 500;
const maxBytesPerCall = 5 * 1024 * 1024;

function chunk(entries: readonly PutRecordsRequestEntry[]): PutRecordsRequestEntry[][] {
  const chunks: PutRecordsRequestEntry[][] = [];
  let current: PutRecordsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = (entry.Data?.byteLength ?? 0) + (entry.PartitionKey?.length ?? 0);
    if (current.length === maxEntriesPerCall || (current.length > 0 && bytes + size > maxBytesPerCall)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class KinesisEventSink implements EventSink {
  constructor(
    private readonly client: KinesisClient,
    private readonly options: KinesisEventSinkOptions,
  ) {}

  async publish(envelopes: readonly StreamEnvelope[]): Promise<void> {
    const entries = envelopes.map((e) => ({ Data: e.data, PartitionKey: e.partitionKey }));
    for (const batch of chunk(entries)) await this.putWithRetry(batch);
  }

  /** PutRecords is not atomic: only the failed entries are sent again, with jittered backoff. */
  private async putWithRetry(batch: PutRecordsRequestEntry[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const baseDelayMs = this.options.baseDelayMs ?? 50;
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await this.client.send(
        new PutRecordsCommand({ StreamName: this.options.streamName, Records: pending }),
      );
      if (!result.FailedRecordCount) return;
      // Without per-entry results nothing is known to be stored, so everything is sent again.
      const records = result.Records;
      if (records?.length === pending.length) pending = pending.filter((_, i) => records[i]?.ErrorCode);
      if (attempt >= maxAttempts) {
        throw new ThrottledError(
          'STREAM_UNAVAILABLE',
          `The event stream rejected ${pending.length} record(s) after ${attempt} attempts; retry the request (it is idempotent)`,
        );
      }
      await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
