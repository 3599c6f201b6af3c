/**
 * Ingest throughput benchmark: parse + validate + pack of 100-record batches on one core, per
 * body format, measured three times — the ingest use case alone; the whole ingest Lambda handler
 * (middy chain, API Gateway proxy event) with logs silent and metrics off; and that handler as
 * deployed, INFO logs and EMF metrics written in full to a null stream. The Kinesis sink is
 * replaced by one that only counts bytes, so every figure is CPU cost, not network.
 * Usage: npm run bench:ingest -- [--batches 3000] [--batch 100] [--rounds 3]
 * Targets (issue 2): >= 50,000 events/s per core and p99 <= 5 ms per 100-record batch.
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { makeIngestRecordsHandler } from '../functions/ingestion/ingest-records/ingest-records';
import { eventsDatasetSchema } from '../shared/domain/catalog/dataset-schema';
import { definedProps } from '../shared/domain/defined-props';
import { type IngestDeps, ingestRecords } from '../shared/domain/ingestion/ingest-records';
import type { EventSink, StreamEnvelope } from '../shared/ports/event-sink';
import { type BodyFormat, contentTypes, encodeEvents, sampleEvent } from '../test/support/event-bodies';
import { apiEvent, lambdaContext, TENANT_A } from '../test/support/events';
import { numericArgs, percentile } from './bench-support';

const args = numericArgs({ batches: 3000, batch: 100, rounds: 3 });
const batchCount = args.batches;
const batchSize = args.batch;
const rounds = args.rounds;
if (
  !Number.isInteger(batchCount) ||
  batchCount < 10 ||
  !Number.isInteger(batchSize) ||
  batchSize < 1 ||
  !Number.isInteger(rounds) ||
  rounds < 1
) {
  console.error('--batches must be an integer >= 10, --batch and --rounds integers >= 1');
  process.exit(2);
}

/** Counts what would go to Kinesis; publishing is the adapter's job and is measured by bench:e2e. */
class CountingSink implements EventSink {
  envelopes = 0;
  bytes = 0;
  async publish(envelopes: readonly StreamEnvelope[]): Promise<void> {
    for (const envelope of envelopes) {
      this.envelopes += 1;
      this.bytes += envelope.data.byteLength;
    }
  }
}

type Variant = { readonly label: string; readonly format: BodyFormat; readonly gzip: boolean };
const variants: readonly Variant[] = [
  { label: 'json', format: 'json', gzip: false },
  { label: 'ndjson', format: 'ndjson', gzip: false },
  { label: 'csv', format: 'csv', gzip: false },
  { label: 'xml', format: 'xml', gzip: false },
  { label: 'json+gzip', format: 'json', gzip: true },
];

/** Distinct bodies so no layer can cache a result; half the events carry no eventId (derived). */
function bodies(variant: Variant, count: number): Buffer[] {
  return Array.from({ length: count }, (_, b) => {
    const events = Array.from({ length: batchSize }, (_, i) => sampleEvent(b * batchSize + i, i % 2 === 0));
    const text = Buffer.from(encodeEvents(events, variant.format));
    return variant.gzip ? gzipSync(text) : text;
  });
}

interface Measured {
  readonly eventsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

type Runner = (body: Buffer) => Promise<number>;

/** Timings of one runner, pooled over the rounds. */
class Sample {
  readonly timings: number[] = [];
  events = 0;
  seconds = 0;

  async run(runner: Runner, inputs: readonly Buffer[]): Promise<void> {
    const started = performance.now();
    for (const body of inputs) {
      const t0 = performance.now();
      this.events += await runner(body);
      this.timings.push(performance.now() - t0);
    }
    this.seconds += (performance.now() - started) / 1000;
  }

  result(): Measured {
    const sorted = [...this.timings].sort((a, b) => a - b);
    return {
      eventsPerSecond: this.events / this.seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  }
}

/**
 * Warms every runner first, then measures them in interleaved rounds, so no format pays for the
 * JIT warm-up of code they share (the validator, the packer) or profits from running last.
 */
async function measureAll(
  runners: readonly { readonly run: Runner; readonly inputs: readonly Buffer[] }[],
  rounds: number,
): Promise<Measured[]> {
  for (const { run, inputs } of runners) for (const body of inputs.slice(0, 200)) await run(body);
  const samples = runners.map(() => new Sample());
  for (let round = 0; round < rounds; round++) {
    for (const [i, { run, inputs }] of runners.entries()) {
      const size = Math.ceil(inputs.length / rounds);
      await samples[i]?.run(run, inputs.slice(round * size, (round + 1) * size));
    }
  }
  return samples.map((sample) => sample.result());
}

/**
 * Runs `build` with stdout and stderr swapped for a stream that drops what it is given:
 * Powertools' Logger and Metrics bind their Console to the process streams when constructed, so
 * the ones built here format and write every line as deployed, and the terminal stays readable.
 */
let nullStreamBytes = 0;
function withNullStdio<T>(build: () => T): T {
  const discard = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      nullStreamBytes += chunk.byteLength;
      done();
    },
  });
  const { stdout, stderr } = process;
  Object.defineProperty(process, 'stdout', { value: discard, configurable: true });
  Object.defineProperty(process, 'stderr', { value: discard, configurable: true });
  try {
    return build();
  } finally {
    Object.defineProperty(process, 'stdout', { value: stdout, configurable: true });
    Object.defineProperty(process, 'stderr', { value: stderr, configurable: true });
  }
}

const sink = new CountingSink();
const useCaseDeps: IngestDeps = {
  findDataset: async () => ({ ...eventsDatasetSchema, builtIn: true, updatedAt: new Date(0).toISOString() }),
  sink,
  now: () => new Date(),
  // The bench measures parsing and validation; the quota is one DynamoDB call per request.
  chargeEvents: async () => {},
};
delete process.env['POWERTOOLS_DEV'];
delete process.env['POWERTOOLS_METRICS_DISABLED'];
const deployed = withNullStdio(() =>
  makeIngestRecordsHandler({
    ...useCaseDeps,
    logger: new Logger({ serviceName: 'bench', logLevel: 'INFO' }),
    metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
  }),
);
process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
const handler = makeIngestRecordsHandler({
  ...useCaseDeps,
  logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
});
const context = lambdaContext();

const runners: { run: Runner; inputs: readonly Buffer[] }[] = [];
for (const variant of variants) {
  const inputs = bodies(variant, batchCount);
  const headers: Record<string, string> = definedProps({
    'content-type': contentTypes[variant.format],
    'content-encoding': variant.gzip ? 'gzip' : undefined,
  });
  const useCase: Runner = async (body) => {
    const result = await ingestRecords(
      {
        tenantId: TENANT_A,
        dataset: 'events',
        body,
        contentType: headers['content-type'],
        contentEncoding: headers['content-encoding'],
      },
      useCaseDeps,
    );
    return result.accepted;
  };
  const through =
    (h: typeof handler): Runner =>
    async (body) => {
      const event = apiEvent({ method: 'POST', path: '/v1/events', resource: '/v1/events', headers });
      const response = await h({ ...event, body: body.toString('base64'), isBase64Encoded: true }, context);
      if (response.statusCode !== 202)
        throw new Error(`handler answered ${response.statusCode}: ${response.body}`);
      return (JSON.parse(response.body) as { accepted: number }).accepted;
    };
  runners.push(
    { run: useCase, inputs },
    { run: through(handler), inputs },
    { run: through(deployed), inputs },
  );
}
const measured = await measureAll(runners, rounds);

const rows: string[] = [];
let allMeetTargets = true;
for (const [i, variant] of variants.entries()) {
  const useCase = measured[3 * i] as Measured;
  const whole = measured[3 * i + 1] as Measured;
  const asDeployed = measured[3 * i + 2] as Measured;
  // The target is judged on what a user gets: the handler as deployed.
  const meets = asDeployed.eventsPerSecond >= 50_000 && asDeployed.p99 <= 5;
  allMeetTargets &&= meets;
  rows.push(
    [
      variant.label.padEnd(10),
      Math.round(useCase.eventsPerSecond).toLocaleString('en-US').padStart(10),
      useCase.p50.toFixed(2).padStart(6),
      useCase.p99.toFixed(2).padStart(6),
      Math.round(whole.eventsPerSecond).toLocaleString('en-US').padStart(10),
      whole.p50.toFixed(2).padStart(6),
      whole.p99.toFixed(2).padStart(6),
      Math.round(asDeployed.eventsPerSecond).toLocaleString('en-US').padStart(10),
      asDeployed.p50.toFixed(2).padStart(6),
      asDeployed.p99.toFixed(2).padStart(6),
      meets ? 'yes' : 'NO',
    ].join('  '),
  );
}

console.log(
  `bench:ingest — ${batchCount} batches of ${batchSize} records per format in ${rounds} interleaved rounds, one core (node ${process.version})`,
);
console.log(
  '             use case (parse+validate+pack)  handler, logs silent, no metrics  handler as deployed (INFO logs + EMF to a null stream)',
);
console.log(
  'format       events/s    p50 ms  p99 ms    events/s    p50 ms  p99 ms    events/s    p50 ms  p99 ms  target met (as deployed)',
);
for (const row of rows) console.log(row);
console.log(
  `packed ${sink.envelopes.toLocaleString('en-US')} Kinesis records, ${(sink.bytes / 1e6).toFixed(1)} MB`,
);
console.log(
  `as deployed, the handler wrote ${(nullStreamBytes / 1e6).toFixed(1)} MB of log lines and EMF metrics to the null stream`,
);
console.log(
  `targets (>= 50,000 events/s per core, p99 <= 5 ms per batch, handler as deployed): ${allMeetTargets ? 'met' : 'NOT met'}`,
);
