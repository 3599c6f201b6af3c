/** EventSink contract: RecordingEventSink (the twin) and KinesisEventSink on kinesalite must behave alike. */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinesisEventSink } from '../../shared/adapters/aws/kinesis-event-sink';
import type { EventSink, StreamEnvelope } from '../../shared/ports/event-sink';
import { type KinesisFixture, startKinesisFixture } from '../support/local/kinesis-fixture';
import { makeTempDataDir, removeTempDataDir } from '../support/local/temp-dir';
import { RecordingEventSink } from '../support/twins/recording-event-sink';

/** What a consumer of the stream gets back: partition key and bytes, per record. */
interface Delivered {
  readonly partitionKey: string;
  readonly data: string;
}

interface Subject {
  readonly sink: EventSink;
  /** Everything the sink has published so far, as a reader of the stream sees it. */
  delivered(): Promise<Delivered[]>;
}

interface SubjectFactory {
  /** A sink with its own empty stream. */
  make(): Promise<Subject>;
  /** A sink whose stream cannot take records. */
  broken(): Promise<EventSink>;
}

const envelope = (partitionKey: string, data: string, eventIds: string[] = []): StreamEnvelope => ({
  partitionKey,
  data: Buffer.from(data),
  eventIds,
});

/** Delivered records grouped by partition key, in the order a reader sees them. */
const byKey = (delivered: readonly Delivered[]): Map<string, string[]> => {
  const groups = new Map<string, string[]>();
  for (const d of delivered) groups.set(d.partitionKey, [...(groups.get(d.partitionKey) ?? []), d.data]);
  return groups;
};

function describeContract(name: string, factory: () => SubjectFactory): void {
  describe(`EventSink contract: ${name}`, () => {
    it('delivers every envelope once, with its partition key and bytes', async () => {
      const { sink, delivered } = await factory().make();
      const sent = [
        envelope('tenant-a', 'one', ['e1']),
        envelope('tenant-b', 'two'),
        envelope('tenant-a', 'three'),
      ];

      await sink.publish(sent);

      const got = (await delivered()).map((d) => `${d.partitionKey}:${d.data}`).sort();
      expect(got).toEqual(['tenant-a:one', 'tenant-a:three', 'tenant-b:two']);
    });

    it('keeps the order of envelopes that share a partition key, across calls', async () => {
      const { sink, delivered } = await factory().make();

      for (let call = 0; call < 3; call++)
        await sink.publish(
          Array.from({ length: 20 }, (_, i) => envelope(`tenant-${i % 4}`, `c${call}-${i}`)),
        );

      const groups = byKey(await delivered());
      expect([...groups.keys()].sort()).toEqual(['tenant-0', 'tenant-1', 'tenant-2', 'tenant-3']);
      for (const [key, data] of groups) {
        const k = Number(key.slice('tenant-'.length));
        const expected = [0, 1, 2].flatMap((call) =>
          Array.from({ length: 5 }, (_, j) => `c${call}-${k + 4 * j}`),
        );
        expect(data, key).toEqual(expected);
      }
    });

    it('publishes nothing for an empty list', async () => {
      const { sink, delivered } = await factory().make();

      await sink.publish([]);

      expect(await delivered()).toEqual([]);
    });

    it('takes more envelopes and bytes than one PutRecords call allows (500 records, 5 MiB)', async () => {
      const { sink, delivered } = await factory().make();
      const pad = 'x'.repeat(10 * 1024);
      const sent = Array.from({ length: 620 }, (_, i) => envelope(`tenant-${i % 3}`, `${i}:${pad}`));

      await sink.publish(sent);

      const got = (await delivered()).map((d) => Number(d.data.split(':')[0])).sort((a, b) => a - b);
      expect(got).toEqual(sent.map((_, i) => i));
    }, 60_000);

    it('rejects the publish when the stream cannot take the records', async () => {
      const sink = await factory().broken();

      await expect(sink.publish([envelope('tenant-a', 'lost')])).rejects.toThrow();
    });
  });
}

describeContract('RecordingEventSink (twin)', () => ({
  async make() {
    const sink = new RecordingEventSink();
    return {
      sink,
      delivered: async () =>
        sink.published
          .flat()
          .map((e) => ({ partitionKey: e.partitionKey, data: Buffer.from(e.data).toString() })),
    };
  },
  async broken() {
    const sink = new RecordingEventSink();
    sink.failWith = new Error('stream unavailable');
    return sink;
  },
}));

let dataDir: string;
let kinesis: KinesisFixture | undefined;
beforeAll(async () => {
  dataDir = await makeTempDataDir();
  kinesis = await startKinesisFixture(`${dataDir}/kinesis`);
});
afterAll(async () => {
  await kinesis?.stop();
  await removeTempDataDir(dataDir);
});

/** Reads every shard of the stream from its start until a read comes back empty. */
async function readStream(fixture: KinesisFixture, streamName: string): Promise<Delivered[]> {
  const { client } = fixture;
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const delivered: Delivered[] = [];
  for (const { ShardId } of Shards) {
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: streamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = page.Records ?? [];
      if (records.length === 0) break;
      for (const r of records)
        delivered.push({ partitionKey: r.PartitionKey ?? '', data: Buffer.from(r.Data ?? []).toString() });
      iterator = page.NextShardIterator;
    }
  }
  return delivered;
}

describeContract('KinesisEventSink on kinesalite', () => {
  const fixture = kinesis;
  if (!fixture) throw new Error('kinesalite did not start');
  return {
    async make() {
      const streamName = await fixture.newStream(2);
      return {
        sink: new KinesisEventSink(fixture.client, { streamName }),
        delivered: () => readStream(fixture, streamName),
      };
    },
    async broken() {
      return new KinesisEventSink(fixture.client, { streamName: 'no-such-stream', maxAttempts: 1 });
    },
  };
});
