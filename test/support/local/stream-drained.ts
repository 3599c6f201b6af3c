/**
 * Whether a local function has consumed its Kinesis stream to the end: every shard's checkpoint
 * (written only after the handler succeeded) is past the last record, so nothing is left to arrive.
 */
import { readFile } from 'node:fs/promises';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { localKinesisClient } from '../../../infra/local/aws-clients';
import type { LocalPlatform } from '../../../infra/local/platform';
import { checkpointFile } from '../../../infra/local/pollers/checkpoint-store';
import { eventStreamName } from '../../../infra/local/resources';
import { EnvNames } from '../../../shared/runtime/env-names';

export async function streamDrained(platform: LocalPlatform, functionName: string): Promise<boolean> {
  const kinesis = localKinesisClient(platform.standIns.endpoints.kinesis);
  const streamName = platform.env[EnvNames.eventStreamName] ?? eventStreamName;
  try {
    const positions = JSON.parse(
      await readFile(checkpointFile(platform.dataDir, functionName), 'utf8').catch(() => '{}'),
    ) as Record<string, string>;
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    for (const { ShardId } of Shards) {
      const after = ShardId ? positions[ShardId] : undefined;
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 1 }));
      if (Records.length > 0) return false;
    }
    return true;
  } finally {
    kinesis.destroy();
  }
}
