/** Creates the stream and tables the platform expects, when missing (buckets are made by s3rver itself). */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeyType,
  ListTablesCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { eventStreamName, eventStreamShards, type TableDefinition, tables } from '../resources';

async function streamStatus(client: KinesisClient, name: string): Promise<string | undefined> {
  try {
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return summary.StreamDescriptionSummary?.StreamStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Creates `nexus-events` (two shards) or another stream if missing and waits until it is ACTIVE. */
export async function ensureEventStream(
  client: KinesisClient,
  name = eventStreamName,
  shards = eventStreamShards,
): Promise<void> {
  let status = await streamStatus(client, name);
  if (status === undefined) {
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  }
  for (let attempt = 0; status !== 'ACTIVE'; attempt++) {
    if (attempt > 200) throw new Error(`Stream ${name} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = await streamStatus(client, name);
  }
}

function createTableInput(table: TableDefinition): CreateTableCommandInput {
  const keys: { name: string; type: KeyType }[] = [{ name: table.hashKey, type: 'HASH' }];
  if (table.rangeKey) keys.push({ name: table.rangeKey, type: 'RANGE' });
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: 'S' })),
    KeySchema: keys.map((key) => ({ AttributeName: key.name, KeyType: key.type })),
  };
}

/** Creates the idempotency, rate-limit and rollup tables (on-demand) if missing. */
export async function ensureTables(client: DynamoDBClient): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const missing = Object.values(tables).filter((table) => !existing.has(table.name));
  await Promise.all(
    missing.map(async (table) => {
      await client.send(new CreateTableCommand(createTableInput(table)));
      await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: table.name });
    }),
  );
}
