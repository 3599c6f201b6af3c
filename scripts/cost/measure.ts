/**
 * Measures the per-event quantities the cost model needs by running the real ingest, authorizer
 * and lake-writer handlers in this process against the local stand-ins: every AWS SDK request
 * they make is counted (by service and operation, via Node's HTTP diagnostics channel), bytes on
 * the stream and in the lake are summed, log and EMF bytes are counted, and handler wall times
 * are timed. The workload's metrics are defined first, so the lake writer updates rollup cells;
 * their PutItems are captured and each item sized as DynamoDB bills it (rollup-sizes.ts). Then the
 * per-minute functions and the authorizer run over the RDS Data API stand-in in a child process
 * (measure-per-minute.ts), their statements counted as requests. Writes
 * scripts/cost/measurements.json (dated, with this command).
 * Usage: npm run cost:measure -- [--requests 200] [--batch 100] [--window-requests 5] [--paced-requests 20]
 *   [--per-minute-runs 12]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { ClientRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import type { APIGatewayProxyResult, Context, KinesisStreamEvent } from 'aws-lambda';
import { localKinesisClient } from '../../infra/local/aws-clients';
import { silentLog } from '../../infra/local/log';
import { startLocalPlatform } from '../../infra/local/platform';
import { eventStreamName } from '../../infra/local/resources';
import { S3ObjectCleanup } from '../../shared/adapters/aws/s3-object-cleanup';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store';
import { PostgresAlertStore } from '../../shared/adapters/postgres/postgres-alert-store';
import { PostgresMetricCatalog } from '../../shared/adapters/postgres/postgres-metric-catalog';
import { packRecords } from '../../shared/domain/ingestion/stream-envelope';
import { compactPartition } from '../../shared/domain/lake/compact-partition';
import { compactRaw } from '../../shared/domain/lake/compact-raw';
import { LAKE_STATE_ZONE, partitionOfMarker } from '../../shared/domain/lake/lake-layout';
import { s3Client } from '../../shared/runtime/clients/s3-client';
import { EnvNames } from '../../shared/runtime/env-names';
import { Runtime } from '../../shared/runtime/runtime';
import { functionNamed, functions } from '../../shared/topology';
import { localDataApiTarget, startDataApi } from '../../test/support/data-api';
import { apiEvent, authorizerEvent, kinesisEvent, lambdaContext } from '../../test/support/events';
import { anchorEvent } from './anchor-event';
import type { WireValue } from './dynamodb-item-size';
import type { PerMinuteInput, PerMinuteOutput } from './measure-per-minute';
import { gapMetrics, rollupSizes } from './rollup-sizes';
import { countSdkRequests, perUnit } from './sdk-requests';

/** A Lambda handler as this script calls it: an event and, for most, a context. */
type Handler = (event: unknown, context?: Context) => Promise<unknown>;
const repoRoot = resolve(import.meta.dirname, '..', '..');

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    batch: { type: 'string', default: '100' },
    /** Authorizer calls made one second apart (the anchor's request rate), for its DynamoDB writes. */
    'paced-requests': { type: 'string', default: '20' },
    /** Requests whose records one lake-writer invocation gets (the anchor: 1 request/s, 5 s window). */
    'window-requests': { type: 'string', default: '5' },
    /** Minutes the per-minute functions run over (the first two warm them up and are not counted). */
    'per-minute-runs': { type: 'string', default: '12' },
    out: { type: 'string', default: join(import.meta.dirname, 'measurements.json') },
  },
});
const requests = Number(args.requests);
const batchSize = Number(args.batch);
const windowRequests = Number(args['window-requests']);
const pacedRequests = Number(args['paced-requests']);
const perMinuteRuns = Number(args['per-minute-runs']);
/** The scorer's first run seeds its series from the lake; the second still pays JIT. */
const perMinuteWarm = 2;

/** SDK requests to the stand-ins, by service and operation ("kinesis PutRecords", "s3 PUT"). */
const counter = countSdkRequests();
const snapshot = counter.snapshot;

/** The rollup table's PutItems (their items in wire form), captured from the request bodies. */
let rollupTable = '';
const rollupPuts: Record<string, WireValue>[] = [];
// The SDK hands a request its whole body in one end() call (the start channel fires after it).
const end = ClientRequest.prototype.end;
ClientRequest.prototype.end = function (this: ClientRequest, ...args: unknown[]) {
  const chunk = args[0];
  if (
    this.getHeader('x-amz-target')?.toString() === 'DynamoDB_20120810.PutItem' &&
    (typeof chunk === 'string' || chunk instanceof Uint8Array)
  ) {
    const body = JSON.parse(Buffer.from(chunk).toString('utf8')) as {
      TableName: string;
      Item: Record<string, WireValue>;
    };
    if (body.TableName === rollupTable) rollupPuts.push(body.Item);
  }
  return (end as (...a: unknown[]) => ClientRequest).apply(this, args);
} as typeof end;

/** Runs `fn`, returning its wall and CPU milliseconds (this process only: the stand-ins are child processes). */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}
const callsSince = counter.since;

/** Log lines and EMF documents the handlers write, counted per phase. */
let logBytes = 0;
const discard = new Writable({
  write: (chunk: Buffer, _encoding, done) => {
    logBytes += chunk.byteLength;
    done();
  },
});

async function filesUnder(
  dir: string,
  suffix = '._S3rver_object',
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(suffix)) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

const dataDir = await mkdtemp(join(tmpdir(), 'nexus-cost-'));
const platform = await startLocalPlatform({
  dataDir,
  port: 0,
  standInPorts: { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 },
  functions: [],
  log: silentLog,
  logLevel: 'INFO',
});
try {
  // By pattern: a queue URL's host (`sqs.<region>.127.0.0.1`) is not one URL parses.
  const port = (url: string) => /:(\d+)(?:\/|$)/.exec(url)?.[1] ?? '';
  counter.setPorts(
    new Map([
      [port(platform.standIns.endpoints.kinesis), 'kinesis'],
      [port(platform.standIns.endpoints.dynamodb), 'dynamodb'],
      [port(platform.standIns.endpoints.s3), 's3'],
    ]),
  );
  // The workload's metrics, so the lake writer updates rollup cells as it would in production.
  const runtime = new Runtime(platform.env);
  rollupTable = platform.env['ROLLUP_TABLE'] ?? '';
  const catalog = new PostgresMetricCatalog(runtime.pool);
  for (const [i, metric] of gapMetrics.entries())
    await catalog.define(
      platform.tenantId,
      `00000000-0000-4000-8000-00000000000${i}`,
      metric.name,
      metric.spec,
    );
  // Events are stamped from a minute boundary before now, so the rollups count them all.
  const eventsStartMs = Math.floor((Date.now() - requests * batchSize * 10 - 60_000) / 60_000) * 60_000;

  // Handlers build their Logger and Metrics (bound to the process streams) at import.
  const { stdout, stderr } = process;
  Object.defineProperty(process, 'stdout', { value: discard, configurable: true });
  Object.defineProperty(process, 'stderr', { value: discard, configurable: true });
  delete process.env['POWERTOOLS_METRICS_DISABLED'];
  // Handlers are found through the topology, as the local runtime finds them.
  const load = async (name: string): Promise<{ handler: Handler }> =>
    (await import(pathToFileURL(join(repoRoot, functionNamed(name).entry)).href)) as { handler: Handler };
  const [ingest, authorizer, lakeWriter] = await Promise.all([
    load('ingest-records'),
    load('api-key-authorizer'),
    load('lake-writer'),
  ]).finally(() => {
    Object.defineProperty(process, 'stdout', { value: stdout, configurable: true });
    Object.defineProperty(process, 'stderr', { value: stderr, configurable: true });
  });
  const context: Context = lambdaContext();
  const principal = { tenantId: platform.tenantId, keyId: 'cost', scopes: ['ingest' as const] };

  // Warm-up (module init, JIT), not counted.
  await authorizer.handler(authorizerEvent({ authorization: `Bearer ${platform.apiKey}` }));

  // 1. The authorizer at the anchor's pace, one request a second: its rate-limit leases are
  //     sized to the rate a container serves, so its DynamoDB writes per request are counted here,
  //     before the back-to-back run below has filled a lease that would last the whole paced run.
  let before = snapshot();
  for (let i = 0; i < pacedRequests; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await authorizer.handler(authorizerEvent({ authorization: `Bearer ${platform.apiKey}` }));
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // a lease top-up still in flight
  const pacedAuthorizerCalls = callsSince(before);

  // 1b. Authorizer, once per request as deployed (no result caching), back to back.
  before = snapshot();
  let logsBefore = logBytes;
  const authMs: number[] = [];
  const authCpuMs: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = await timed(() =>
      authorizer.handler(authorizerEvent({ authorization: `Bearer ${platform.apiKey}` })),
    );
    authMs.push(t.wallMs);
    authCpuMs.push(t.cpuMs);
  }
  const authorizerCalls = callsSince(before);
  const authorizerLogBytes = logBytes - logsBefore;

  // 2. Ingest: `requests` JSON requests of `batchSize` anchor events.
  before = snapshot();
  logsBefore = logBytes;
  const ingestMs: number[] = [];
  const ingestCpuMs: number[] = [];
  let requestBytes = 0;
  let accepted = 0;
  for (let r = 0; r < requests; r++) {
    const body = JSON.stringify(
      Array.from({ length: batchSize }, (_, i) => anchorEvent(r * batchSize + i, eventsStartMs)),
    );
    requestBytes += Buffer.byteLength(body);
    const event = apiEvent({ method: 'POST', path: '/v1/events', resource: '/v1/events', body, principal });
    const t = await timed(async () => (await ingest.handler(event, context)) as APIGatewayProxyResult);
    const response = t.value;
    ingestMs.push(t.wallMs);
    ingestCpuMs.push(t.cpuMs);
    if (response.statusCode !== 202)
      throw new Error(`ingest answered ${response.statusCode}: ${response.body}`);
    accepted += (JSON.parse(response.body) as { accepted: number }).accepted;
  }
  const ingestCalls = callsSince(before);
  const ingestLogBytes = logBytes - logsBefore;

  // 3. What is on the stream.
  const kinesis = localKinesisClient(platform.standIns.endpoints.kinesis);
  const streamName = platform.env['EVENT_STREAM_NAME'] ?? eventStreamName;
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const records: KinesisStreamEvent['Records'] = [];
  for (const { ShardId } of Shards) {
    let { ShardIterator: iterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: streamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      if (!page.Records?.length) break;
      for (const r of page.Records)
        records.push({
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: r.PartitionKey ?? '',
            sequenceNumber: r.SequenceNumber ?? '',
            data: Buffer.from(r.Data ?? []).toString('base64'),
            approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `${ShardId}:${r.SequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: 'arn:aws:iam::000000000000:role/cost',
          awsRegion: 'us-east-1',
          eventSourceARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`,
        });
      iterator = page.NextShardIterator;
    }
  }
  kinesis.destroy();
  const streamBytes = records.reduce((sum, r) => sum + Buffer.from(r.kinesis.data, 'base64').byteLength, 0);
  const kinesisUnits25k = records.reduce(
    (sum, r) => sum + Math.ceil(Buffer.from(r.kinesis.data, 'base64').byteLength / 25_600),
    0,
  );
  const kinesisKbRounded = records.reduce(
    (sum, r) => sum + Math.ceil(Buffer.from(r.kinesis.data, 'base64').byteLength / 1024),
    0,
  );

  // 4. Lake writer, invoked as the event source mapping would at the anchor's rate: the records of
  //    `windowRequests` requests per invocation.
  const recordsPerRequest = records.length / requests;
  const perInvocation = Math.max(1, Math.round(recordsPerRequest * windowRequests));
  before = snapshot();
  logsBefore = logBytes;
  const lakeMs: number[] = [];
  const lakeCpuMs: number[] = [];
  for (let start = 0; start < records.length; start += perInvocation) {
    const event: KinesisStreamEvent = { Records: records.slice(start, start + perInvocation) };
    const t = await timed(
      async () => (await lakeWriter.handler(event, context)) as { batchItemFailures: unknown[] },
    );
    const result = t.value;
    lakeMs.push(t.wallMs);
    lakeCpuMs.push(t.cpuMs);
    if (result.batchItemFailures.length) throw new Error('the lake writer reported failures');
  }
  const lakeCalls = callsSince(before);
  const lakeLogBytes = logBytes - logsBefore;
  // Data files only: the manifests and partition markers beside them are counted as requests.
  const curatedDir = join(platform.standIns.lakeDir, 'nexus-curated');
  const curated = await filesUnder(curatedDir, '.parquet._S3rver_object');
  const rawDir = join(platform.standIns.lakeDir, 'nexus-raw');
  const raw = await filesUnder(rawDir);

  // 5. Compaction of every partition the run wrote, as the hourly lake-compactor does it: the
  //    curated files, then the raw batch files.
  const objects = new S3ObjectStore(runtime.client(s3Client));
  const cleanup = new S3ObjectCleanup(runtime.client(s3Client));
  const curatedBucket = platform.env['CURATED_BUCKET'] ?? 'nexus-curated';
  const rawBucket = platform.env['RAW_BUCKET'] ?? 'nexus-raw';
  const markers = (await cleanup.list(curatedBucket, `${LAKE_STATE_ZONE}/partitions/`)).flatMap((o) => {
    const p = partitionOfMarker(o.key);
    return p ? [p] : [];
  });
  before = snapshot();
  const compaction = await timed(async () => {
    for (const p of markers) {
      await compactPartition(p, { objects, cleanup, curatedBucket, now: () => new Date(), retentionMs: 0 });
      await compactRaw(p, { objects, cleanup, rawBucket });
    }
  });
  const compactionCalls = callsSince(before);
  const compacted = await filesUnder(curatedDir, '.parquet._S3rver_object');
  const rawCompacted = await filesUnder(rawDir);

  // 6. The per-minute functions (metric-anomalies, alert-evaluator) and the authorizer over the RDS
  //    Data API, in a process of their own (measure-per-minute.ts). Assumed: the workload's metrics
  //    have run for two days (definitions moved back, so a series reads the lake before the late-data
  //    window and the rollups within it) and each has one anomaly rule on its 1-minute series, no
  //    channel (steady state: no transitions, so nothing to deliver). Each of the `perMinuteRuns`
  //    minutes before the ingest run's first gets a batch of anchor events, so its 15 rollup cells
  //    (5 metrics x 3 event names) exist when its run reads them.
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
  await runtime.pool.query('UPDATE metrics SET created_at = $1, updated_at = $1 WHERE tenant_id = $2', [
    twoDaysAgo,
    platform.tenantId,
  ]);
  await runtime.pool.query(
    'UPDATE metric_versions SET created_at = $1 WHERE metric_id IN (SELECT id FROM metrics WHERE tenant_id = $2)',
    [twoDaysAgo, platform.tenantId],
  );
  const rules = new PostgresAlertStore(runtime.pool);
  for (const metric of await catalog.list(platform.tenantId))
    await rules.create({
      alertId: randomUUID(),
      tenantId: platform.tenantId,
      metricId: metric.metricId,
      name: `${metric.name}: anomaly`,
      condition: { type: 'anomaly' },
      interval: '1m',
      for: 1,
      cooldown: 0,
      severity: 'warning',
      channels: [],
    });
  // These batches only feed the per-minute runs: their rollup writes are not the ingest run's.
  rollupTable = '';
  const firstMinute = eventsStartMs - perMinuteRuns * 60_000;
  const runsAt: number[] = [];
  for (let k = 0; k < perMinuteRuns; k++) {
    const minute = firstMinute + k * 60_000;
    const base = 10_000_000 + k * 100; // event ids apart from the ingest run's
    const batch = Array.from({ length: 100 }, (_, i) => {
      const { eventId, ...data } = anchorEvent(base + i, minute - base * 10);
      return {
        eventId: String(eventId),
        tenantId: platform.tenantId,
        dataset: 'events',
        schemaVersion: 1,
        receivedAt: new Date(minute + 2_000).toISOString(),
        data,
      };
    });
    const envelopes = packRecords(batch).map((e, i) => ({
      sequenceNumber: String(base + i).padStart(20, '0'),
      data: e.data,
    }));
    const result = (await lakeWriter.handler(kinesisEvent(envelopes), context)) as {
      batchItemFailures: unknown[];
    };
    if (result.batchItemFailures.length) throw new Error('the lake writer reported failures');
    // The scorer's run: 35 s after the minute closes (its 30 s grace), the evaluator right after it.
    runsAt.push(minute + 95_000);
  }
  const dataApi = await startDataApi(platform.env['DATABASE_URL'] ?? '');
  const perMinuteInput: PerMinuteInput = {
    ports: Object.fromEntries(
      (
        [
          ['dynamodb', platform.standIns.endpoints.dynamodb],
          ['s3', platform.standIns.endpoints.s3],
          ['sqs', platform.env['DELIVERY_QUEUE_URL']],
          ['sagemaker', platform.modelEndpointUrl],
          ['rds-data', dataApi.standIn.endpoint],
        ] as const
      ).flatMap(([service, url]) => (url ? [[port(url), service]] : [])),
    ),
    runsAt,
    warm: perMinuteWarm,
    apiKey: platform.apiKey,
    authorizerRequests: requests,
  };
  const { DATABASE_URL: _connection, ...stageEnv } = process.env;
  const perMinuteFiles = {
    input: join(dataDir, 'per-minute-in.json'),
    output: join(dataDir, 'per-minute-out.json'),
  };
  await writeFile(perMinuteFiles.input, JSON.stringify(perMinuteInput));
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'measure-per-minute.ts'),
        perMinuteFiles.input,
        perMinuteFiles.output,
      ],
      {
        stdio: 'inherit',
        env: {
          ...stageEnv,
          [EnvNames.dbAccess]: 'data-api',
          [EnvNames.dbClusterArn]: localDataApiTarget.resourceArn,
          [EnvNames.dbSecretArn]: localDataApiTarget.secretArn,
          [EnvNames.dbName]: localDataApiTarget.database,
          // The SDK's endpoint override for the Data API client (shared/runtime/clients/rds-data-client.ts has none).
          AWS_ENDPOINT_URL_RDS_DATA: dataApi.standIn.endpoint,
        },
      },
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`measure-per-minute.ts exited with ${code}`);
  } finally {
    await dataApi.stop();
  }
  const perMinute = JSON.parse(await readFile(perMinuteFiles.output, 'utf8')) as PerMinuteOutput;

  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const memoryOf = (name: string) => functions.find((f) => f.name === name)?.memoryMb ?? 0;
  const today = new Date().toISOString().slice(0, 10);
  const measurements = {
    measuredOn: today,
    command: `npm run cost:measure -- --requests ${requests} --batch ${batchSize} --window-requests ${windowRequests} --paced-requests ${pacedRequests} --per-minute-runs ${perMinuteRuns}`,
    machine: `node ${process.version}, ${process.platform}/${process.arch}, local stand-ins (kinesalite, dynalite, s3rver, embedded Postgres, the RDS Data API stand-in, the endpoint router), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    workload: {
      requests,
      eventsPerRequest: batchSize,
      events: accepted,
      requestBytesPerEvent: requestBytes / accepted,
    },
    stream: {
      recordsPerEvent: records.length / accepted,
      bytesPerEvent: streamBytes / accepted,
      putPayloadUnits25kPerEvent: kinesisUnits25k / accepted,
      onDemandBilledKbPerEvent: kinesisKbRounded / accepted,
    },
    lake: {
      eventsPerInvocation: accepted / lakeMs.length,
      invocations: lakeMs.length,
      curatedParquetBytesPerEvent: curated.bytes / accepted,
      curatedFilesPerInvocation: curated.files / lakeMs.length,
      rawBytesPerEvent: raw.bytes / accepted,
      rawFilesPerInvocation: raw.files / lakeMs.length,
      partitions: markers.length,
    },
    compaction: {
      /** The lake-compactor's work per event, merging the run's small files (read, merge, write). */
      cpuMsPerEvent: compaction.cpuMs / accepted,
      wallMsPerEvent: compaction.wallMs / accepted,
      sdkCallsPerPartition: perUnit(compactionCalls, Math.max(1, markers.length)),
      parquetBytesPerEvent: compacted.bytes / accepted,
      filesPerPartition: compacted.files / Math.max(1, markers.length),
      rawBytesPerEvent: rawCompacted.bytes / accepted,
      rawFilesPerPartition: rawCompacted.files / Math.max(1, markers.length),
    },
    /** The lake writer's rollup cells (gapMetrics), as DynamoDB bills their items. */
    rollups: {
      metrics: gapMetrics.length,
      cellsPerInvocation: rollupPuts.length / lakeMs.length,
      ...rollupSizes(rollupPuts),
    },
    handlers: {
      'api-key-authorizer': {
        memoryMb: memoryOf('api-key-authorizer'),
        invocationsPerRequest: 1,
        meanWallMs: mean(authMs),
        meanCpuMs: mean(authCpuMs),
        /** At one request a second (1b); back to back (1) leases serve most requests from memory. */
        sdkCallsPerInvocation: perUnit(pacedAuthorizerCalls, Math.max(1, pacedRequests)),
        sdkCallsPerInvocationBackToBack: perUnit(authorizerCalls, requests),
        logBytesPerInvocation: authorizerLogBytes / requests,
        /** In a `data-api` stage (6): the key lookup's statements as Data API requests. */
        overDataApi: perMinute.authorizerOverDataApi,
      },
      'ingest-records': {
        memoryMb: memoryOf('ingest-records'),
        invocationsPerRequest: 1,
        meanWallMs: mean(ingestMs),
        meanCpuMs: mean(ingestCpuMs),
        sdkCallsPerInvocation: perUnit(ingestCalls, requests),
        logBytesPerInvocation: ingestLogBytes / requests,
      },
      'lake-writer': {
        memoryMb: memoryOf('lake-writer'),
        meanWallMs: mean(lakeMs),
        meanCpuMs: mean(lakeCpuMs),
        sdkCallsPerInvocation: perUnit(lakeCalls, lakeMs.length),
        sdkCallsPerEvent: perUnit(lakeCalls, accepted),
        logBytesPerInvocation: lakeLogBytes / lakeMs.length,
      },
    },
    /**
     * The per-minute functions in steady state (6), per run, over the Data API: `metrics` metrics
     * of `dimensionValues` values each, one 1-minute anomaly rule per metric.
     */
    perMinute: {
      metrics: gapMetrics.length,
      dimensionValues: 3,
      alertRules: gapMetrics.length,
      runsPerFunction: perMinuteRuns - perMinuteWarm,
      'metric-anomalies': { memoryMb: memoryOf('metric-anomalies'), ...perMinute['metric-anomalies'] },
      'alert-evaluator': { memoryMb: memoryOf('alert-evaluator'), ...perMinute['alert-evaluator'] },
    },
  };
  await writeFile(args.out, `${JSON.stringify(measurements, null, 2)}\n`);
  console.log(JSON.stringify(measurements, null, 2));
  console.log(`wrote ${args.out}`);
  await runtime.pool.end();
} finally {
  await platform.stop();
  await rm(dataDir, { recursive: true, force: true });
}
