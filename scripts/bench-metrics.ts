/**
 * Metrics benchmark on the local platform.
 * 1. Series API latency: a count metric over a large pre-written dataset (default 10 million
 *    events over 7 days). The data is written directly, not through the API (which would take the
 *    local lake writer the better part of an hour): DuckDB's COPY writes the curated Parquet files
 *    in the lake writer's layout and column types (one file per dt/hour partition), and the rollup
 *    cells of the late window are written through the DynamoDB RollupStore from the same events,
 *    and the hours marked late through the LakeCellStore, as the lake writer's hook would. The
 *    scheduled scorer then runs once, seeding the metrics' watched series from the new history
 *    (after the newest metric's rollup warm-up, whose minutes the scorer reads from the lake).
 *    Then `GET /v1/metrics/{id}/series` is timed for 7 days at 1h and 24 hours at 1m, for a metric
 *    defined at the start and one whose definition is backdated two hours (the steady state: its
 *    late window comes from the rollups). The first request of each reads the lake and keeps the
 *    closed hours; the rest read them back, timed three times: the series API alone (the platform's
 *    every-minute scheduled functions paused, as in AWS where they run in sandboxes of their own)
 *    back to back and spread over `--spread` seconds, and spread with them running (each in a
 *    worker thread of the platform's, off the API's event loop, as in a sandbox of its own). After
 *    each request its parts (authorizer, definition, rollup Query, kept lake cells, DuckDB: its
 *    port calls, and its wall time from start to rows, status polling included) are timed in
 *    this process.
 * 2. Event accepted -> visible in the series, at a steady rate through POST /v1/events.
 * Usage: npm run bench:metrics -- [--events 10000000] [--days 7] [--requests 30] [--rate 3000] [--duration 20] [--spread 60]
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import pLimit from 'p-limit';
import { bucketNames } from '../infra/local/resources';
import {
  CURATED_ZONE,
  curatedObjectKey,
  datasetPrefix,
  partitionOf,
} from '../shared/domain/lake/lake-layout';
import { addToCell, emptyCell } from '../shared/domain/metrics/rollup-cell';
import { rollupWarmUpSeconds } from '../shared/domain/metrics/rollup-hook';
import { closeGraceSeconds } from '../shared/domain/metrics/score-anomalies';
import { lakeCellStore, rollupStore } from '../shared/runtime/metric-stores';
import { Runtime } from '../shared/runtime/runtime';
import { functionNamed } from '../shared/topology';
import { describeTimings, requestBreakdown, type Timings } from './bench-request-breakdown';
import { numericArgs, percentileOf as percentile, startBenchPlatform } from './bench-support';

interface Run {
  readonly times: number[];
  readonly loop: IntervalHistogram;
  readonly parts: Timings;
  failed: number;
  points: number;
  sum: number;
}

const args = numericArgs({ events: 10_000_000, days: 7, requests: 30, rate: 3000, duration: 20, spread: 60 });
const totalEvents = args.events;
const days = args.days;
const requests = args.requests;
const rate = args.rate;
const duration = args.duration;

/** The lake writer's Kinesis batching window: a quiet shard's batches come this far apart. */
const batchWindowSeconds =
  functionNamed('lake-writer').eventSources?.find((source) => source.kind === 'kinesis')
    ?.maxBatchingWindowSeconds ?? 5;

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const bench = await startBenchPlatform('bench-metrics');
const { platform, api } = bench;

try {
  const created = await api.postJson<{ metricId: string; updatedAt: string }>('/v1/metrics', {
    name: 'events',
    dataset: 'events',
    aggregation: 'count',
  });
  if (created.status !== 201) throw new Error(`metric not created: ${JSON.stringify(created.body)}`);
  const { metricId } = created.body;
  // A second metric, as if defined two hours ago: its late window is served by the rollups. A
  // metric defined less than an hour ago reads the part of that window before its definition
  // (plus the warm-up) from the lake on every request, so the bench times both.
  const settled = await api.postJson<{ metricId: string }>('/v1/metrics', {
    name: 'events-settled',
    dataset: 'events',
    aggregation: 'count',
  });
  const runtime = new Runtime(platform.env);
  await runtime.pool.query(
    "UPDATE metric_versions SET created_at = created_at - interval '2 hours' WHERE metric_id = $1",
    [settled.body.metricId],
  );

  // --- data: events evenly spread over [end - days, end), end = now ---
  const end = Math.floor(Date.now() / 1000);
  const start = end - days * 86400;
  const step = (end - start) / totalEvents;
  const out = join(
    platform.standIns.lakeDir,
    bucketNames.curated,
    datasetPrefix(CURATED_ZONE, platform.tenantId, 'events'),
  );
  mkdirSync(out, { recursive: true });
  const built = performance.now();
  const duck = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await duck.connect();
  const ts = `make_timestamp(CAST((${start} + i * ${step}) * 1000000 AS BIGINT))`;
  await connection.run(
    `COPY (SELECT 'bench-' || i AS "eventId", CASE WHEN i % 3 = 0 THEN 'signup' ELSE 'page_view' END AS name,
       ${ts} AS "timestamp", 'u' || (i % 50000) AS "userId", CAST(NULL AS JSON) AS properties,
       ${ts} AS "receivedAt", CAST(1 AS INTEGER) AS "schemaVersion",
       strftime(${ts}, '%Y-%m-%d') AS dt, strftime(${ts}, '%H') AS hour
     FROM range(${totalEvents}) t(i))
     TO '${out}' (FORMAT parquet, PARTITION_BY (dt, hour), FILE_EXTENSION 'parquet._S3rver_object', OVERWRITE_OR_IGNORE)`,
  );
  connection.closeSync();
  duck.closeSync();
  // The late window's rollup cells, from the same events (event i at start + i * step), applied
  // as the lake writer's hook does: one application per batch, each with its curated file as the
  // token, so every minute cell holds a batch's token per 5 s (the event source's batching
  // window; a busy shard's batches come faster, so real cells hold more).
  const rollups = rollupStore(runtime);
  const batches = new Map<number, ReturnType<typeof emptyCell>>();
  for (let i = Math.max(0, Math.ceil((end - 3700 - start) / step)); i < totalEvents; i++) {
    const at = Math.floor((start + i * step) / batchWindowSeconds) * batchWindowSeconds;
    let cell = batches.get(at);
    if (!cell) {
      cell = emptyCell('count');
      batches.set(at, cell);
    }
    addToCell(cell, 'count', undefined);
  }
  const byMinute = new Map<number, [number, ReturnType<typeof emptyCell>][]>();
  for (const [at, cell] of batches) {
    const minute = Math.floor(at / 60) * 60;
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), [at, cell]]);
  }
  const limit = pLimit(8);
  await Promise.all(
    [...byMinute].map(([minute, minuteBatches]) =>
      limit(async () => {
        for (const [at, cell] of minuteBatches) {
          const partition = partitionOf(platform.tenantId, 'events', new Date(at * 1000).toISOString());
          await rollups.apply(
            platform.tenantId,
            curatedObjectKey(partition, randomUUID()),
            [metricId, settled.body.metricId].map((id) => ({
              metricId: id,
              version: 1,
              minute,
              dims: [],
              cell,
            })),
          );
        }
      }),
    ),
  );
  // The lake writer marks the hours of events it writes later than the late-data window, so
  // lake cells a series kept before are read again; writing behind its back, so does the bench.
  const hours = Array.from(
    { length: Math.ceil((end - start) / 3600) + 1 },
    (_, h) => Math.floor(start / 3600) * 3600 + h * 3600,
  );
  await lakeCellStore(runtime).markLate(platform.tenantId, 'events', hours);
  console.log(
    `data: ${totalEvents.toLocaleString('en')} events over ${days} days written as ${days * 24} Parquet partitions with DuckDB COPY, ${byMinute.size} rollup minutes through the RollupStore (${batches.size} batches), in ${((performance.now() - built) / 1000).toFixed(0)} s`,
  );

  // Watching starts when a metric is defined: the scorer seeds each watched series from its
  // history on its next run, within a minute of the definition, and reads the minutes before the
  // metric's rollups are trusted (its warm-up) from the lake as they close. Here the data is
  // written after the definitions (and a read of a half-written file fails, so the seeding is
  // retried), which would put both into whichever timed run comes first; the scorer is run and
  // timed here instead, once the newest metric's warm-up minutes have closed. From then on a run
  // reads only the newly closed intervals, from the rollups.
  const warmedUp =
    (Math.ceil((Date.parse(created.body.updatedAt) / 1000 + rollupWarmUpSeconds) / 60) * 60 +
      closeGraceSeconds) *
    1000;
  if (warmedUp > Date.now()) await new Promise((r) => setTimeout(r, warmedUp - Date.now()));
  // Paused around it, so a scheduled run due meanwhile does not seed the same series beside it.
  await platform.pauseSchedules();
  const seeding = performance.now();
  await platform.triggerSchedule('metric-anomalies');
  platform.resumeSchedules();
  console.log(
    `the scheduled scorer's run over the new data (seeding each metric's watched series, unless a scheduled run already did): ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  // --- series latency ---
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const cases = [
    { name: '7 days at 1h', query: `from=${iso(end - 7 * 86400)}&to=${iso(end)}&interval=1h` },
    { name: '24 hours at 1m', query: `from=${iso(end - 86400)}&to=${iso(end)}&interval=1m` },
  ];
  const metrics = [
    { label: 'defined 2 h before', id: settled.body.metricId },
    { label: 'defined at the start', id: metricId },
  ];
  const breakdown = requestBreakdown(runtime, platform.apiKey);
  /** One timed request through the API, then the same request's parts timed in this process. */
  const timeRequest = async (id: string, query: string, run: Run) => {
    const t0 = performance.now();
    const response = await api.request<{ points: { value: number }[] }>(
      'GET',
      `/v1/metrics/${id}/series?${query}`,
    );
    run.times.push(performance.now() - t0);
    if (response.status !== 200) {
      run.failed++;
      return;
    }
    run.points = response.body.points.length;
    run.sum = response.body.points.reduce((s, p) => s + p.value, 0);
    await breakdown(platform.tenantId, id, Object.fromEntries(new URLSearchParams(query)), run.parts);
  };
  const report = (what: string, run: Run) => {
    run.loop.disable();
    const loopMs = (p: number) => fmt(run.loop.percentile(p) / 1e6);
    console.log(
      `  ${what}: ${run.points} points, ${run.sum.toLocaleString('en')} events; ${run.times.length} requests (${run.failed} failed) p50 ${fmt(percentile(run.times, 50))} p95 ${fmt(percentile(run.times, 95))} max ${fmt(Math.max(...run.times))}\n    parts (ms, timed in the bench process after each request): ${describeTimings(run.parts)}\n    the API's event loop (the gateway runs in this process), delay p50 ${loopMs(50)} p99 ${loopMs(99)} max ${fmt(run.loop.max / 1e6)}`,
    );
  };
  const newRun = (): Run => {
    // What a request can wait behind before it even starts: the whole run's event loop delay.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    return { times: [], parts: new Map(), failed: 0, points: 0, sum: 0, loop };
  };
  for (const m of metrics)
    for (const c of cases) {
      console.log(`series ${c.name}, metric ${m.label}:`);
      // The first request reads the lake and keeps the closed hours (a failure is counted: the
      // cold one can outlast the function's timeout on a loaded machine). Schedules run as usual.
      const first = newRun();
      await timeRequest(m.id, c.query, first);
      first.loop.disable();
      console.log(`  first request ${fmt(first.times[0] ?? 0)}${first.failed ? ' (failed)' : ''}`);
      // Both runs spread their requests over `spread` seconds, so the every-minute scheduled runs
      // fall among them as they would for any caller, and differ only in those runs: first the
      // series API alone, as in AWS, where the scheduled scorer and evaluator run in sandboxes of
      // their own (locally each runs in a worker thread of its own, off the API's event loop,
      // but on the same 2 cores).
      const spaced = async (run: Run) => {
        for (let r = 0; r < requests; r++) {
          const due = performance.now() + (args.spread * 1000) / requests;
          await timeRequest(m.id, c.query, run);
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
      };
      const every = `one request every ${(args.spread / requests).toFixed(1)} s`;
      await platform.pauseSchedules();
      // Back to back, each request finds what the one before warmed (the authorizer's leased
      // rate tokens, the definition kept 5 s, the processes on the CPU); spaced, none of it.
      const hot = newRun();
      for (let r = 0; r < requests; r++) await timeRequest(m.id, c.query, hot);
      report('series API alone (scheduled functions paused), back to back', hot);
      const alone = newRun();
      await spaced(alone);
      platform.resumeSchedules();
      report(`series API alone (scheduled functions paused), ${every}`, alone);
      const shared = newRun();
      await spaced(shared);
      report(`with the scheduled functions running, ${every}`, shared);
    }

  // --- accepted -> visible in the series ---
  const warm = Date.parse(created.body.updatedAt) + rollupWarmUpSeconds * 1000 - Date.now();
  if (warm > 0) await new Promise((r) => setTimeout(r, warm));
  const batch = 100;
  const perSecond = Math.max(1, Math.round(rate / batch));
  const watchFrom = Math.floor(Date.now() / 60_000) * 60_000;
  const watchQuery = () =>
    `from=${new Date(watchFrom).toISOString()}&to=${new Date(Date.now() + 120_000).toISOString()}&interval=1m`;
  const total = async () =>
    (
      await api.request<{ points: { value: number }[] }>(
        'GET',
        `/v1/metrics/${metricId}/series?${watchQuery()}`,
      )
    ).body.points.reduce((s, p) => s + p.value, 0);
  const baseline = await total();
  const waves: { acceptedAt: number; cumulative: number; visibleAt?: number }[] = [];
  let accepted = 0;
  let sending = true;
  const watcher = (async () => {
    while (sending || waves.some((w) => w.visibleAt === undefined)) {
      const seen = (await total()) - baseline;
      const at = performance.now();
      for (const wave of waves)
        if (wave.visibleAt === undefined && seen >= wave.cumulative) wave.visibleAt = at;
      if (!sending && performance.now() - (waves.at(-1)?.acceptedAt ?? 0) > 60_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  let seq = 0;
  const loadStart = performance.now();
  for (let second = 0; second < duration; second++) {
    const tick = loadStart + second * 1000;
    await Promise.all(
      Array.from({ length: perSecond }, async () => {
        const body = Array.from({ length: batch }, () => ({
          eventId: `live-${seq++}`,
          name: 'signup',
          timestamp: new Date().toISOString(),
        }));
        const response = await api.postJson<{ accepted: number }>('/v1/events', body);
        if (response.status === 202) {
          accepted += response.body.accepted;
          waves.push({ acceptedAt: performance.now(), cumulative: accepted });
        }
      }),
    );
    const wait = tick + 1000 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const sentFor = (performance.now() - loadStart) / 1000;
  sending = false;
  await watcher;
  // A wave counts as visible when the series holds everything accepted up to it.
  const lags = waves.flatMap((w) => (w.visibleAt === undefined ? [] : [w.visibleAt - w.acceptedAt]));
  console.log(
    `ingest: ${accepted.toLocaleString('en')} events accepted in ${sentFor.toFixed(1)} s (${(accepted / sentFor).toFixed(0)} events/s, ${batch} per request)`,
  );
  console.log(
    `accepted -> visible in the series (${lags.length} of ${waves.length} requests): p50 ${fmt(percentile(lags, 50))} p95 ${fmt(percentile(lags, 95))} max ${fmt(Math.max(...lags))}`,
  );
  // The machine is shared: the figures mean little without the load they were taken at.
  console.log(
    `load average (1, 5, 15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
} finally {
  await bench.stop();
}
