import { readFile } from 'node:fs/promises';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../../infra/local/lambda-runtime';
import { silentLog } from '../../../infra/local/log';
import { checkpointFile } from '../../../infra/local/pollers/checkpoint-store';
import { deadLetterFile, readDeadLetters } from '../../../infra/local/pollers/dead-letters';
import {
  type KinesisEventSource,
  type KinesisPoller,
  startKinesisPoller,
} from '../../../infra/local/pollers/kinesis-poller';
import type { FunctionSpec } from '../../../shared/topology';
import { type KinesisFixture, putRecords, startKinesisFixture } from '../../support/local/kinesis-fixture';
import { makeTempDataDir, removeTempDataDir } from '../../support/local/temp-dir';
import { waitFor } from '../../support/local/wait';

const source: KinesisEventSource = {
  kind: 'kinesis',
  stream: 'events',
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  parallelizationFactor: 1,
  maxRetryAttempts: 3,
};

let functions = 0;
function consumerSpec(): FunctionSpec {
  return {
    name: `consumer-${functions++}`,
    entry: 'unused.ts',
    domain: 'lake',
    description: 'test consumer',
    memoryMb: 128,
    timeoutSeconds: 5,
    needs: [],
  };
}

const payloads = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

const decode = (event: KinesisStreamEvent): string[] =>
  event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString());

/** Wraps a test's logic as a handler and keeps every event it was given. */
function recordingHandler(logic: (event: KinesisStreamEvent) => KinesisStreamBatchResponse | undefined): {
  handler: LambdaHandler;
  events: KinesisStreamEvent[];
} {
  const events: KinesisStreamEvent[] = [];
  const handler: LambdaHandler = async (event: unknown, _context: Context) => {
    const kinesisEvent = event as KinesisStreamEvent;
    events.push(kinesisEvent);
    return logic(kinesisEvent);
  };
  return { handler, events };
}

type Placed = Awaited<ReturnType<typeof putRecords>>;
const shardOf = (placed: Placed): string => placed[0]?.shardId ?? '';
const lastSequenceOf = (placed: Placed): string => placed.at(-1)?.sequenceNumber ?? '';

describe('Kinesis poller against kinesalite', () => {
  let dataDir: string;
  let kinesis: KinesisFixture;
  const pollers: KinesisPoller[] = [];

  beforeAll(async () => {
    dataDir = await makeTempDataDir();
    kinesis = await startKinesisFixture(`${dataDir}/kinesis`);
  });

  afterAll(async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    await kinesis?.stop();
    await removeTempDataDir(dataDir);
  });

  /** The poller's persisted positions: shard id → last processed sequence number. */
  const checkpointOf = async (spec: FunctionSpec): Promise<Record<string, string>> =>
    JSON.parse(await readFile(checkpointFile(dataDir, spec.name), 'utf8').catch(() => '{}'));

  async function poll(
    spec: FunctionSpec,
    streamName: string,
    handler: LambdaHandler,
    overrides: Partial<KinesisEventSource> = {},
  ): Promise<KinesisPoller> {
    const poller = await startKinesisPoller({
      spec,
      source: { ...source, ...overrides },
      handler,
      client: kinesis.client,
      streamName,
      dataDir,
      log: silentLog,
      idlePollMs: 20,
      batchingWindowMs: 30,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 40,
    });
    pollers.push(poller);
    return poller;
  }

  it('delivers batches as real KinesisStreamEvents, every record once, across shards', async () => {
    const stream = await kinesis.newStream(2);
    const { handler, events } = recordingHandler(() => ({ batchItemFailures: [] }));
    const poller = await poll(consumerSpec(), stream, handler);
    const sent = payloads('r', 45);
    await putRecords(kinesis.client, stream, sent);
    await waitFor(() => events.flatMap(decode).length >= 45, 10_000, '45 records');
    await poller.stop();

    expect(events.flatMap(decode).sort()).toEqual([...sent].sort());
    expect(events.every((event) => event.Records.length <= 10)).toBe(true);
    const record = events[0]?.Records[0];
    expect(record?.eventSource).toBe('aws:kinesis');
    expect(record?.eventName).toBe('aws:kinesis:record');
    expect(record?.eventSourceARN).toMatch(new RegExp(`^arn:aws:kinesis:us-east-1:\\d+:stream/${stream}$`));
    expect(record?.eventID).toBe(`${record?.eventID.split(':')[0]}:${record?.kinesis.sequenceNumber}`);
    expect(record?.eventID.startsWith('shardId-')).toBe(true);
    expect(record?.kinesis.partitionKey).toMatch(/^pk-\d$/);
    expect(record?.kinesis.kinesisSchemaVersion).toBe('1.0');
    expect(record?.kinesis.approximateArrivalTimestamp).toBeGreaterThan(1_600_000_000);
  });

  it('retries from the lowest failed record: nothing before it twice, nothing skipped or lost', async () => {
    const stream = await kinesis.newStream(1);
    const processed: string[] = [];
    let failedOnce = false;
    const { handler, events } = recordingHandler((event) => {
      const data = decode(event);
      const poison = data.indexOf('p-13');
      if (poison >= 0 && !failedOnce) {
        failedOnce = true;
        processed.push(...data.slice(0, poison));
        // Report the poison record and one after it: the lowest one is where the retry starts.
        const ids = [event.Records[poison + 1], event.Records[poison]].flatMap((r) =>
          r ? [r.kinesis.sequenceNumber] : [],
        );
        return { batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) };
      }
      processed.push(...data);
      return undefined;
    });
    const poller = await poll(consumerSpec(), stream, handler);
    const sent = payloads('p', 30);
    await putRecords(kinesis.client, stream, sent);
    await waitFor(() => processed.length >= 30, 10_000, '30 processed records');
    await poller.stop();

    expect(processed).toEqual(sent);
    const retried = events.find((event, index) => index > 0 && decode(event)[0] === 'p-13');
    expect(retried, 'a batch starting at the failed record').toBeDefined();
  });

  it('retries the whole batch when the handler throws', async () => {
    const stream = await kinesis.newStream(1);
    let throws = 2;
    const processed: string[] = [];
    const { handler } = recordingHandler((event) => {
      if (throws-- > 0) throw new Error('downstream unavailable');
      processed.push(...decode(event));
      return undefined;
    });
    const poller = await poll(consumerSpec(), stream, handler);
    await putRecords(kinesis.client, stream, payloads('t', 5));
    await waitFor(() => processed.length >= 5, 10_000, '5 processed records');
    await poller.stop();
    expect(processed).toEqual(payloads('t', 5));
  });

  it('resumes from its checkpoint after a restart', async () => {
    const stream = await kinesis.newStream(1);
    const spec = consumerSpec();
    const first = recordingHandler(() => undefined);
    const before = await poll(spec, stream, first.handler);
    const firstPut = await putRecords(kinesis.client, stream, payloads('a', 12));
    await waitFor(() => first.events.flatMap(decode).length >= 12, 10_000, 'first 12');
    await before.stop();
    expect(await checkpointOf(spec)).toEqual({ [shardOf(firstPut)]: lastSequenceOf(firstPut) });

    const secondPut = await putRecords(kinesis.client, stream, payloads('b', 5));
    const second = recordingHandler(() => undefined);
    const after = await poll(spec, stream, second.handler);
    // Once the checkpoint holds the last record put, every delivery has happened: a poller that
    // ignored the checkpoint would have redelivered the a-records before getting there.
    await waitFor(
      async () => (await checkpointOf(spec))[shardOf(secondPut)] === lastSequenceOf(secondPut),
      10_000,
      'checkpoint at the last record',
    );
    await after.stop();

    expect(second.events.flatMap(decode)).toEqual(payloads('b', 5));
  });

  it('sends a batch to the dead-letter file after maxRetryAttempts and moves on', async () => {
    const stream = await kinesis.newStream(1);
    const spec = consumerSpec();
    const processed: string[] = [];
    const { handler, events } = recordingHandler((event) => {
      const data = decode(event);
      if (data.includes('d-2')) throw new Error('cannot handle d-2');
      processed.push(...data);
      return undefined;
    });
    const poller = await poll(spec, stream, handler, { batchSize: 3, maxRetryAttempts: 2 });
    await putRecords(kinesis.client, stream, payloads('d', 3));
    await waitFor(
      async () => (await readDeadLetters(deadLetterFile(dataDir, spec.name))).length === 1,
      10_000,
      'DLQ',
    );
    await putRecords(kinesis.client, stream, payloads('e', 2));
    await waitFor(() => processed.length >= 2, 10_000, 'records after the poisoned batch');
    await poller.stop();

    const [letter] = await readDeadLetters<{
      requestContext: { condition: string; approximateInvokeCount: number };
      KinesisBatchInfo: { batchSize: number; shardId: string; streamArn: string };
      nexusLocal: { lastError: string };
    }>(deadLetterFile(dataDir, spec.name));
    expect(letter?.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(letter?.KinesisBatchInfo).toMatchObject({ batchSize: 3, shardId: 'shardId-000000000000' });
    expect(letter?.nexusLocal.lastError).toContain('cannot handle d-2');
    expect(events.filter((event) => decode(event).includes('d-2'))).toHaveLength(3);
    expect(processed).toEqual(payloads('e', 2));
  });
});
