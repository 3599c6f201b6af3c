/** A kinesalite stand-in for poller tests, with fresh streams and a helper to put records in order. */
import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { localKinesisClient } from '../../../infra/local/aws-clients';
import { localHost } from '../../../infra/local/resources';
import { type StandInProcess, startStandInProcess } from '../../../infra/local/stand-ins/host-process';
import { ensureEventStream } from '../../../infra/local/stand-ins/provision';
import { freePort } from '../../../infra/local/tcp-ports';

export interface KinesisFixture {
  readonly endpoint: string;
  readonly client: KinesisClient;
  readonly process: StandInProcess;
  /** Creates a fresh stream (default one shard, so order is total) and returns its name. */
  newStream(shards?: number): Promise<string>;
  stop(): Promise<void>;
}

let streams = 0;

export async function startKinesisFixture(dir: string): Promise<KinesisFixture> {
  const port = await freePort();
  const process = await startStandInProcess({ kind: 'kinesis', host: localHost, port, dir });
  const endpoint = `http://${localHost}:${port}`;
  const client = localKinesisClient(endpoint);
  return {
    endpoint,
    client,
    process,
    async newStream(shards = 1) {
      const name = `test-stream-${Date.now()}-${streams++}`;
      await ensureEventStream(client, name, shards);
      return name;
    },
    async stop() {
      client.destroy();
      await process.stop();
    },
  };
}

/** Puts records in order (one PutRecords call per 500) and returns where each landed. */
export async function putRecords(
  client: KinesisClient,
  streamName: string,
  payloads: readonly string[],
): Promise<{ shardId: string; sequenceNumber: string }[]> {
  const placed: { shardId: string; sequenceNumber: string }[] = [];
  for (let start = 0; start < payloads.length; start += 500) {
    const chunk = payloads.slice(start, start + 500);
    const result = await client.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: chunk.map((payload, index) => ({
          Data: Buffer.from(payload),
          PartitionKey: `pk-${(start + index) % 7}`,
        })),
      }),
    );
    if (result.FailedRecordCount) throw new Error(`${result.FailedRecordCount} records failed to put`);
    for (const record of result.Records ?? [])
      placed.push({ shardId: record.ShardId ?? '', sequenceNumber: record.SequenceNumber ?? '' });
  }
  return placed;
}
