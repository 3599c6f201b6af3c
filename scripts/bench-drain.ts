/**
 * Drain benchmark of the local lake writer: the stream is filled first, with the lake writer
 * stopped (the API is bound by two cores, so it could not feed the writer at its own pace), then
 * the writer is started and timed until it has consumed the stream to its end; the lake is then
 * reconciled (stored == sent, each event once). Envelopes are packed as the ingest API packs a
 * request (`--per-request` records each). Usage: npm run bench:drain -- [--events 200000] [--per-request 100]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLog } from '../infra/local/log';
import { startLocalPlatform } from '../infra/local/platform';
import { KinesisEventSink } from '../shared/adapters/aws/kinesis-event-sink';
import { packRecords } from '../shared/domain/ingestion/stream-envelope';
import type { ValidRecord } from '../shared/domain/ingestion/types';
import { kinesisClient } from '../shared/runtime/clients/kinesis-client';
import { EnvNames } from '../shared/runtime/env-names';
import { Runtime } from '../shared/runtime/runtime';
import { functionNamed } from '../shared/topology';
import { ApiClient } from '../test/support/api-client';
import { sampleEvent } from '../test/support/event-bodies';
import { streamDrained } from '../test/support/local/stream-drained';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    'per-request': { type: 'string', default: '100' },
  },
});
const total = Number(args.events);
const perRequest = Number(args['per-request']);

const dataDir = await mkdtemp(join(tmpdir(), 'nexus-bench-drain-'));
const platform = await startLocalPlatform({
  dataDir,
  port: 0,
  standInPorts: { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 },
  log: silentLog,
  logLevel: 'WARN',
});
const api = new ApiClient(platform.apiUrl, platform.apiKey);
const runtime = new Runtime(platform.env);

try {
  const writer = platform.workers.get('lake-writer');
  if (!writer) throw new Error('no lake-writer worker');
  await writer.stop();

  // Fill: one envelope per "request", as ingest-records publishes them.
  const sink = new KinesisEventSink(runtime.client(kinesisClient), {
    streamName: platform.env[EnvNames.eventStreamName] as string,
  });
  const fillStarted = Date.now();
  const receivedAt = new Date().toISOString();
  for (let start = 0; start < total; start += perRequest * 50) {
    const envelopes = [];
    for (let r = start; r < Math.min(total, start + perRequest * 50); r += perRequest) {
      const records: ValidRecord[] = [];
      for (let i = r; i < Math.min(total, r + perRequest); i++) {
        const { eventId, ...data } = sampleEvent(i);
        records.push({
          eventId: eventId as string,
          tenantId: platform.tenantId,
          dataset: 'events',
          schemaVersion: 1,
          receivedAt,
          data: { ...data, eventId },
        });
      }
      envelopes.push(...packRecords(records));
    }
    await sink.publish(envelopes);
  }
  const fillSeconds = (Date.now() - fillStarted) / 1000;
  console.log(`filled the stream with ${total} events in ${fillSeconds.toFixed(1)}s`);

  // Drain: from the writer's start (process spawn and cold start included) to the stream's end.
  const drainStarted = Date.now();
  await writer.restart();
  const ready = Date.now();
  while (!(await streamDrained(platform, 'lake-writer'))) await new Promise((r) => setTimeout(r, 100));
  const drained = Date.now();

  const result = await api.query('SELECT count(*) AS n, count(DISTINCT eventId) AS d FROM events', 120_000);
  const stored = { rows: Number(result.rows[0]?.[0]), distinct: Number(result.rows[0]?.[1]) };
  const batch = functionNamed('lake-writer').eventSources?.find((s) => s.kind === 'kinesis');
  console.log(
    `lake-writer batch: ${batch?.kind === 'kinesis' ? batch.batchSize : '?'} Kinesis records (${perRequest} events each)`,
  );
  console.log(
    `drained in ${((drained - drainStarted) / 1000).toFixed(1)}s (worker start ${((ready - drainStarted) / 1000).toFixed(1)}s)`,
  );
  console.log(
    `drain throughput: ${(total / ((drained - drainStarted) / 1000)).toFixed(0)} events/s (start included)`,
  );
  console.log(
    `drain throughput: ${(total / ((drained - ready) / 1000)).toFixed(0)} events/s (from a ready worker)`,
  );
  const ok = stored.rows === total && stored.distinct === total;
  console.log(
    `reconciliation: sent ${total}, stored ${stored.rows}, distinct ${stored.distinct} -> ${ok ? 'OK' : 'MISMATCH'}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await runtime.pool.end().catch(() => {});
  await platform.stop();
  await rm(dataDir, { recursive: true, force: true });
}
