/**
 * End-to-end load benchmark of the local platform: autocannon drives POST /v1/events with
 * 100-event batches for a fixed time; then the lake is reconciled against what was accepted
 * (accepted == stored, no duplicates, once the lake writer has drained the stream) and the
 * accept-to-queryable latency of sampled batches is reported, batches never seen queryable
 * counted as censored rather than dropped. Usage: npm run bench:e2e -- [--duration 20] [--connections 8] [--batch 100] [--rate 20]
 */
import autocannon from 'autocannon';
import { definedProps } from '../shared/domain/defined-props';
import { sampleEvent } from '../test/support/event-bodies';
import { streamDrained } from '../test/support/local/stream-drained';
import { acceptToQueryable } from './accept-to-queryable';
import { numericArgs, percentile, startBenchPlatform } from './bench-support';

const args = numericArgs({
  duration: 20,
  connections: 8,
  batch: 100,
  'sample-every': 10,
  /** Requests per second across all connections; unset = as fast as the API answers. */
  rate: undefined,
});
const durationSeconds = args.duration;
const connections = args.connections;
const batchSize = args.batch;
const sampleEvery = args['sample-every'];
const rate = args.rate;

const bench = await startBenchPlatform('bench');
const { platform, api } = bench;

try {
  let nextBatch = 0;
  let accepted = 0;
  let non202 = 0;
  /** Sampled batches: their id prefix and when the API accepted them. */
  const acceptedAt = new Map<string, number>();

  const bodyFor = (batch: number) => {
    const prefix = batch % sampleEvery === 0 ? `s${batch}` : `x${batch}`;
    const events = Array.from({ length: batchSize }, (_, i) => ({
      ...sampleEvent(batch * batchSize + i),
      eventId: `${prefix}-${i}`,
    }));
    return { prefix, body: JSON.stringify(events) };
  };

  const queryFailures: string[] = [];
  /** Requests sent whose response autocannon never reported (cut off when the time was up). */
  const inFlight = new Set<string>();

  // Queryability is watched while the load runs: a sampled batch counts once all its rows are in.
  const queryable = new Map<string, number>();
  let watchUntil = Number.POSITIVE_INFINITY;
  const watcher = (async () => {
    while (
      Date.now() < watchUntil &&
      (watchUntil === Number.POSITIVE_INFINITY || queryable.size < acceptedAt.size)
    ) {
      const result = await api.query(
        `SELECT split_part(eventId, '-', 1) AS b FROM events WHERE eventId LIKE 's%' GROUP BY 1 HAVING count(*) >= ${batchSize}`,
      );
      const seenAt = Date.now();
      if (result.status !== 'SUCCEEDED') {
        queryFailures.push(result.error?.code ?? result.status);
        continue;
      }
      for (const [prefix] of result.rows)
        if (!queryable.has(String(prefix))) queryable.set(String(prefix), seenAt);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  console.log(
    `load: ${durationSeconds}s, ${connections} connections, ${batchSize} events per request, ${rate === undefined ? 'unthrottled' : `${rate} requests/s`}`,
  );
  const result = await autocannon({
    url: platform.apiUrl,
    connections,
    duration: durationSeconds,
    ...definedProps({ overallRate: rate }),
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        headers: { authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const { prefix, body } = bodyFor(nextBatch++);
          (context as { prefix?: string }).prefix = prefix;
          inFlight.add(prefix);
          return { ...request, body };
        },
        onResponse: (status, body, context) => {
          inFlight.delete(String((context as { prefix?: string }).prefix));
          if (status !== 202) {
            non202++;
            return;
          }
          accepted += (JSON.parse(body) as { accepted: number }).accepted;
          const prefix = (context as { prefix?: string }).prefix;
          if (prefix?.startsWith('s')) {
            acceptedAt.set(prefix, Date.now());
          }
        },
      },
    ],
  });
  const acceptedPerSecond = accepted / durationSeconds;
  console.log(
    `requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s), non-2xx: ${result.non2xx}, non-202 counted: ${non202}, errors: ${result.errors}, timeouts: ${result.timeouts}`,
  );
  console.log(
    `request latency ms: p50 ${result.latency.p50} p97.5 ${result.latency.p97_5} p99 ${result.latency.p99} max ${result.latency.max}`,
  );
  console.log(`accepted events: ${accepted} (${acceptedPerSecond.toFixed(0)} events/s through the API)`);

  // Requests cut off by the deadline may or may not have been accepted: they are left out of the
  // comparison (and reported), so accepted == stored is exact for every observed 202.
  const cutOff = [...inFlight];
  const excluded =
    cutOff.length === 0
      ? ''
      : ` WHERE split_part(eventId, '-', 1) NOT IN (${cutOff.map((p) => `'${p}'`).join(', ')})`;
  console.log(`requests cut off at the deadline (excluded from reconciliation): ${cutOff.length}`);

  // Reconciliation: wait until the lake writer has drained the stream (no late row can still
  // arrive), then compare exactly.
  const reconcileStarted = Date.now();
  while (Date.now() - reconcileStarted < 300_000 && !(await streamDrained(platform, 'lake-writer')))
    await new Promise((resolve) => setTimeout(resolve, 500));
  const drainSeconds = (Date.now() - reconcileStarted) / 1000;
  const r = await api.query(`SELECT count(*) AS n, count(DISTINCT eventId) AS d FROM events${excluded}`);
  const stored = { rows: Number(r.rows[0]?.[0]), distinct: Number(r.rows[0]?.[1]) };
  watchUntil = Date.now() + 10_000;
  await watcher;
  const watchEnded = Date.now();

  const { sorted: latencies, censored } = acceptToQueryable(acceptedAt, queryable, watchEnded);
  console.log(`lake drained ${drainSeconds.toFixed(1)}s after the load ended`);
  console.log(
    `lake-writer throughput: ${(stored.rows / (durationSeconds + drainSeconds)).toFixed(0)} events/s (stored / (load + drain))`,
  );
  console.log(
    `accept-to-queryable ms (${acceptedAt.size} sampled batches, ${censored} never queryable and counted as censored at the end of the watch): p50 ${percentile(latencies, 50)} p95 ${percentile(latencies, 95)} max ${latencies.at(-1)}${censored ? ' (max is a lower bound)' : ''}`,
  );
  console.log(
    `watcher queries that failed: ${queryFailures.length}${queryFailures.length ? ` (first: ${queryFailures[0]})` : ''}`,
  );
  const ok = stored.rows === accepted && stored.distinct === accepted;
  console.log(
    `reconciliation: accepted ${accepted}, stored ${stored.rows}, distinct ${stored.distinct} -> ${ok ? 'OK' : 'MISMATCH'}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await bench.stop();
}
