/** Feeds a function from a Kinesis stream like a Lambda event source mapping: per-shard batches, partial-failure retries, checkpoints, DLQ. */
import { randomUUID } from 'node:crypto';
import {
  DescribeStreamSummaryCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import type { EventSourceSpec, FunctionSpec } from '../../../shared/topology';
import { invokeHandler, type LambdaHandler, localFunctionName } from '../lambda-runtime';
import { consoleLog, describeError, type LogSink } from '../log';
import { localAccountId, localRegion } from '../resources';
import { CheckpointStore, checkpointFile } from './checkpoint-store';
import { appendDeadLetter, deadLetterFile } from './dead-letters';
import { firstFailedIndex, kinesisStreamEvent, type ShardRecord, toShardRecord } from './kinesis-event';
import { backoffMs, sleep } from './sleep';

export type KinesisEventSource = Extract<EventSourceSpec, { kind: 'kinesis' }>;

export interface KinesisPollerOptions {
  readonly spec: FunctionSpec;
  readonly source: KinesisEventSource;
  readonly handler: LambdaHandler;
  readonly client: KinesisClient;
  readonly streamName: string;
  /** Checkpoints and dead letters live under it. */
  readonly dataDir: string;
  readonly log?: LogSink;
  /** Wait between polls of an idle shard (Lambda polls each shard about once a second). @default 1000 */
  readonly idlePollMs?: number;
  /** Overrides the source's maxBatchingWindowSeconds (tests). */
  readonly batchingWindowMs?: number;
  /** First retry delay, doubled per attempt. @default 500 */
  readonly retryBaseDelayMs?: number;
  /** @default 10000 */
  readonly retryMaxDelayMs?: number;
}

export interface KinesisPoller {
  /** Finishes the in-flight invocation (if any), then stops; unprocessed records stay unchecked. */
  stop(): Promise<void>;
}

/** Kinesis's GetRecords maximum. */
const maxGetRecordsLimit = 10_000;

class ShardConsumer {
  private iterator: string | undefined;
  /** The last sequence number read into memory (the resume point if the iterator expires). */
  private lastRead: string | undefined;

  constructor(
    private readonly options: KinesisPollerOptions,
    private readonly shardId: string,
    private readonly streamArn: string,
    private readonly checkpoints: CheckpointStore,
    private readonly signal: AbortSignal,
    private readonly log: LogSink,
  ) {
    this.lastRead = checkpoints.get(shardId);
  }

  async run(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        const batch = await this.fill();
        if (batch === 'closed') {
          this.log(`shard ${this.shardId} is closed; done with it`);
          return;
        }
        if (batch.length > 0 && !this.signal.aborted) await this.deliver(batch);
      } catch (error) {
        // Stand-in hiccups (e.g. kinesalite restarting): re-open the iterator and carry on.
        this.log(`shard ${this.shardId}: ${describeError(error)}; retrying`);
        this.iterator = undefined;
        await sleep(this.options.idlePollMs ?? 1000, this.signal);
      }
    }
  }

  private async openIterator(): Promise<string | undefined> {
    const input: GetShardIteratorCommandInput = this.lastRead
      ? {
          StreamName: this.options.streamName,
          ShardId: this.shardId,
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          StartingSequenceNumber: this.lastRead,
        }
      : { StreamName: this.options.streamName, ShardId: this.shardId, ShardIteratorType: 'TRIM_HORIZON' };
    return (await this.options.client.send(new GetShardIteratorCommand(input))).ShardIterator;
  }

  /**
   * Reads until the batch is full or the batching window (started by the first record) closes.
   * An aborted read returns nothing: unread and undelivered records are simply read again later.
   */
  private async fill(): Promise<ShardRecord[] | 'closed'> {
    const { source } = this.options;
    const windowMs = this.options.batchingWindowMs ?? source.maxBatchingWindowSeconds * 1000;
    const idleMs = this.options.idlePollMs ?? 1000;
    const buffer: ShardRecord[] = [];
    let windowEnds: number | undefined;
    while (!this.signal.aborted) {
      this.iterator ??= await this.openIterator();
      if (!this.iterator) return buffer.length > 0 ? buffer : 'closed';
      let response: GetRecordsCommandOutput;
      try {
        response = await this.options.client.send(
          new GetRecordsCommand({
            ShardIterator: this.iterator,
            Limit: Math.min(maxGetRecordsLimit, source.batchSize - buffer.length),
          }),
        );
      } catch (error) {
        if (!(error instanceof ExpiredIteratorException)) throw error;
        this.iterator = undefined; // iterators expire after 5 minutes, e.g. during long retries
        continue;
      }
      const records = (response.Records ?? []).map((record) => toShardRecord(this.shardId, record));
      buffer.push(...records);
      this.lastRead = buffer.at(-1)?.sequenceNumber ?? this.lastRead;
      this.iterator = response.NextShardIterator;
      if (buffer.length >= source.batchSize || (!this.iterator && buffer.length > 0)) return buffer;
      if (buffer.length > 0) {
        windowEnds ??= Date.now() + windowMs;
        if (Date.now() >= windowEnds) return buffer;
      }
      const behind = (response.MillisBehindLatest ?? 0) > 0 && records.length > 0;
      if (!behind) {
        await sleep(
          windowEnds === undefined ? idleMs : Math.min(idleMs, windowEnds - Date.now()),
          this.signal,
        );
      }
    }
    return [];
  }

  /** Invokes until the batch succeeds or retries run out; checkpoints only what succeeded. */
  private async deliver(batch: readonly ShardRecord[]): Promise<void> {
    const { spec, source } = this.options;
    let records = batch;
    for (let attempt = 1; ; attempt++) {
      let failedAt: number | undefined;
      let reason: string;
      try {
        const result = await invokeHandler(
          spec,
          this.options.handler,
          kinesisStreamEvent(records, this.streamArn, localFunctionName(spec)),
        );
        failedAt = firstFailedIndex(result, records);
        reason = 'reported batch item failures';
      } catch (error) {
        failedAt = 0;
        reason = describeError(error);
      }
      if (failedAt === undefined) {
        await this.checkpoint(records.at(-1));
        return;
      }
      // Everything before the lowest failed record is done: never redeliver it.
      if (failedAt > 0) await this.checkpoint(records[failedAt - 1]);
      records = records.slice(failedAt);
      const retriesLeft = source.maxRetryAttempts < 0 || attempt <= source.maxRetryAttempts;
      if (!retriesLeft) {
        await this.sendToDeadLetters(records, attempt, reason);
        await this.checkpoint(records.at(-1));
        return;
      }
      const delay = backoffMs(
        attempt,
        this.options.retryBaseDelayMs ?? 500,
        this.options.retryMaxDelayMs ?? 10_000,
      );
      this.log(
        `shard ${this.shardId}: batch failed from ${records[0]?.sequenceNumber} (${reason.split('\n')[0]}); ` +
          `retry ${attempt}/${source.maxRetryAttempts} in ${delay} ms`,
      );
      await sleep(delay, this.signal);
      if (this.signal.aborted) return;
    }
  }

  private async checkpoint(record: ShardRecord | undefined): Promise<void> {
    if (record) await this.checkpoints.save(this.shardId, record.sequenceNumber);
  }

  /** Lambda's on-failure destination record for a stream batch (metadata, not the data). */
  private async sendToDeadLetters(
    records: readonly ShardRecord[],
    invocations: number,
    reason: string,
  ): Promise<void> {
    const first = records[0];
    const last = records.at(-1);
    if (!first || !last) return;
    const functionName = localFunctionName(this.options.spec);
    await appendDeadLetter(deadLetterFile(this.options.dataDir, this.options.spec.name), {
      requestContext: {
        requestId: randomUUID(),
        functionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: invocations,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      KinesisBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: first.arrivedAt.toISOString(),
        approximateArrivalOfLastRecord: last.arrivedAt.toISOString(),
        batchSize: records.length,
        streamArn: this.streamArn,
      },
      // Local extra: which records, and why, to make the failure easy to chase.
      nexusLocal: { sequenceNumbers: records.map((record) => record.sequenceNumber), lastError: reason },
    });
    this.log(
      `shard ${this.shardId}: gave up on ${records.length} record(s) ${first.sequenceNumber}..${last.sequenceNumber} ` +
        `after ${invocations} attempts; sent to the dead-letter file`,
    );
  }
}

async function listShardIds(client: KinesisClient, streamName: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }),
    );
    ids.push(...(page.Shards ?? []).flatMap((shard) => (shard.ShardId ? [shard.ShardId] : [])));
    nextToken = page.NextToken;
  } while (nextToken);
  return ids;
}

/** Starts one consumer per shard (shards present at start; resharding is not followed). */
export async function startKinesisPoller(options: KinesisPollerOptions): Promise<KinesisPoller> {
  const log = options.log ?? consoleLog(options.spec.name);
  const summary = await options.client.send(
    new DescribeStreamSummaryCommand({ StreamName: options.streamName }),
  );
  const streamArn =
    summary.StreamDescriptionSummary?.StreamARN ??
    `arn:aws:kinesis:${localRegion}:${localAccountId}:stream/${options.streamName}`;
  const checkpoints = await CheckpointStore.open(checkpointFile(options.dataDir, options.spec.name));
  const shardIds = await listShardIds(options.client, options.streamName);
  const abort = new AbortController();
  const running = shardIds.map((shardId) =>
    new ShardConsumer(options, shardId, streamArn, checkpoints, abort.signal, log).run(),
  );
  log(`polling ${options.streamName} (${shardIds.length} shards, batch ${options.source.batchSize})`);
  return {
    async stop() {
      abort.abort();
      await Promise.all(running);
    },
  };
}
