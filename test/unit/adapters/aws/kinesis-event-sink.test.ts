import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KinesisEventSink } from '../../../../shared/adapters/aws/kinesis-event-sink';
import { ThrottledError } from '../../../../shared/domain/errors';
import type { StreamEnvelope } from '../../../../shared/ports/event-sink';

const kinesis = mockClient(KinesisClient);
const STREAM = 'nexus-events';

const envelope = (i: number, bytes = 10): StreamEnvelope => ({
  partitionKey: `pk-${i}`,
  data: new Uint8Array(bytes).fill(i % 256),
  eventIds: [`e${i}`],
});

function sink(maxAttempts = 3) {
  return new KinesisEventSink(new KinesisClient({ region: 'eu-west-1' }), {
    streamName: STREAM,
    maxAttempts,
    baseDelayMs: 0,
  });
}

describe('KinesisEventSink', () => {
  beforeEach(() => {
    kinesis.reset();
  });

  it('publishes envelopes with PutRecords on the stream', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 0, Records: [] });
    const envelopes = [envelope(1), envelope(2)];

    // Act
    await sink().publish(envelopes);

    // Assert
    const calls = kinesis.commandCalls(PutRecordsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      StreamName: STREAM,
      Records: [
        { Data: envelopes[0]?.data, PartitionKey: 'pk-1' },
        { Data: envelopes[1]?.data, PartitionKey: 'pk-2' },
      ],
    });
  });

  it('splits at 500 entries per call', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 0 });

    // Act
    await sink().publish(Array.from({ length: 1001 }, (_, i) => envelope(i, 1)));

    // Assert
    const sizes = kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records?.length);
    expect(sizes).toEqual([500, 500, 1]);
  });

  it('splits before a call would exceed 5 MiB', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 0 });
    const mib = 1024 * 1024;

    // Act: 4 partition-key bytes per entry push the fifth 1 MiB entry over the limit.
    await sink().publish(Array.from({ length: 6 }, (_, i) => envelope(i, mib)));

    // Assert
    const sizes = kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records?.length);
    expect(sizes).toEqual([4, 2]);
  });

  it('retries only the entries that failed', async () => {
    // Arrange
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 2,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' },
          { SequenceNumber: '3', ShardId: 's' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: '4' }, { SequenceNumber: '5' }] });

    // Act
    await sink().publish([envelope(1), envelope(2), envelope(3), envelope(4)]);

    // Assert
    const calls = kinesis.commandCalls(PutRecordsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Records?.map((r) => r.PartitionKey)).toEqual(['pk-2', 'pk-4']);
  });

  it('sends everything again when a failed response lacks per-entry results', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).resolvesOnce({ FailedRecordCount: 1 }).resolves({ FailedRecordCount: 0 });

    // Act
    await sink().publish([envelope(1), envelope(2)]);

    // Assert
    const calls = kinesis.commandCalls(PutRecordsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Records?.map((r) => r.PartitionKey)).toEqual(['pk-1', 'pk-2']);
  });

  it('gives up after maxAttempts with STREAM_UNAVAILABLE', async () => {
    // Arrange
    kinesis.on(PutRecordsCommand).resolves({
      FailedRecordCount: 1,
      Records: [{ ErrorCode: 'ProvisionedThroughputExceededException' }],
    });

    // Act
    const attempt = sink(3).publish([envelope(1)]);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ThrottledError);
    await expect(attempt).rejects.toMatchObject({ code: 'STREAM_UNAVAILABLE' });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(3);
  });

  it('publishes nothing for no envelopes', async () => {
    // Act
    await sink().publish([]);

    // Assert
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
  });
});
