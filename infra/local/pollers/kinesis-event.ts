/** Builds Lambda's KinesisStreamEvent from records read with GetRecords, and reads its batch response. */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { localAccountId, localRegion } from '../resources';

/** A record as read from a shard; the SDK types every field optional, these are always present. */
export interface ShardRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly arrivedAt: Date;
}

export function toShardRecord(shardId: string, record: KinesisRecord): ShardRecord {
  return {
    shardId,
    sequenceNumber: record.SequenceNumber ?? '',
    partitionKey: record.PartitionKey ?? '',
    data: record.Data ?? new Uint8Array(),
    arrivedAt: record.ApproximateArrivalTimestamp ?? new Date(),
  };
}

export function kinesisStreamEvent(
  records: readonly ShardRecord[],
  streamArn: string,
  functionName: string,
): KinesisStreamEvent {
  return {
    Records: records.map(
      (record): KinesisStreamRecord => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: record.partitionKey,
          sequenceNumber: record.sequenceNumber,
          data: Buffer.from(record.data).toString('base64'),
          approximateArrivalTimestamp: record.arrivedAt.getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${record.shardId}:${record.sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: `arn:aws:iam::${localAccountId}:role/${functionName}`,
        awsRegion: localRegion,
        eventSourceARN: streamArn,
      }),
    ),
  };
}

/**
 * Where a batch failed, as Lambda reads a ReportBatchItemFailures response: the index of the
 * lowest reported record, `undefined` for full success, 0 (whole batch) when an identifier
 * is missing or unknown.
 */
export function firstFailedIndex(result: unknown, records: readonly ShardRecord[]): number | undefined {
  if (typeof result !== 'object' || result === null || !('batchItemFailures' in result)) return undefined;
  const failures = result.batchItemFailures;
  if (failures === null || failures === undefined) return undefined;
  if (!Array.isArray(failures)) return 0;
  if (failures.length === 0) return undefined;
  let lowest = records.length;
  for (const failure of failures as unknown[]) {
    const id =
      typeof failure === 'object' && failure !== null && 'itemIdentifier' in failure
        ? failure.itemIdentifier
        : undefined;
    const index = typeof id === 'string' ? records.findIndex((record) => record.sequenceNumber === id) : -1;
    if (index < 0) return 0;
    lowest = Math.min(lowest, index);
  }
  return lowest;
}
