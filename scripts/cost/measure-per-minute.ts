/**
 * The per-minute functions' share of `npm run cost:measure`, in a process of its own (as a Lambda
 * container is): measure.ts starts it with the stage's environment over the RDS Data API stand-in
 * (`DB_ACCESS=data-api`, no DATABASE_URL), so every statement is an HTTP request counted here with
 * the DynamoDB, S3 and SageMaker ones, and this process's CPU time is the handlers' alone (the
 * stand-ins, the endpoint router and DuckDB's workers run in other processes).
 * The real metric-anomalies and alert-evaluator handlers, built by their deps factories, run on a
 * clock the parent gives (one run a minute, 35 s after the minute closes, the scorer first); the
 * first `warm` runs (the scorer's seeding, module init, JIT) are not counted. Then the real
 * authorizer (its Lambda entry) answers requests back to back over the same Data API path.
 * Usage (by measure.ts): tsx scripts/cost/measure-per-minute.ts <input.json> <output.json>
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { makeAlertEvaluatorHandler } from '../../functions/alerts/alert-evaluator/alert-evaluator';
import { makeMetricAnomaliesHandler } from '../../functions/metrics/metric-anomalies/metric-anomalies';
import { definedProps } from '../../shared/domain/defined-props';
import type { QueryEngine } from '../../shared/ports/query-engine';
import { alertEvaluatorDeps } from '../../shared/runtime/function-deps/alert-evaluator';
import { metricAnomaliesDeps } from '../../shared/runtime/function-deps/metric-anomalies';
import { functionNamed } from '../../shared/topology';
import { authorizerEvent, lambdaContext } from '../../test/support/events';
import { countSdkRequests, perUnit } from './sdk-requests';

export interface PerMinuteInput {
  /** Services by stand-in port. */
  readonly ports: Readonly<Record<string, string>>;
  /** Epoch ms of each run's clock, one a minute. */
  readonly runsAt: readonly number[];
  readonly warm: number;
  readonly apiKey: string;
  readonly authorizerRequests: number;
}

export interface RunFigures {
  readonly runs: number;
  readonly meanCpuMs: number;
  readonly meanWallMs: number;
  readonly sdkCallsPerInvocation: Record<string, number>;
  /** Lake queries started per run (Athena in AWS, DuckDB here), and run by run. */
  readonly lakeQueriesPerInvocation: number;
  readonly lakeQueriesByRun: readonly number[];
  readonly logBytesPerInvocation: number;
  /** What the handler returned on the last counted run (its totals). */
  readonly lastResult: unknown;
}

export interface PerMinuteOutput {
  readonly 'metric-anomalies': RunFigures;
  readonly 'alert-evaluator': RunFigures;
  /** The authorizer's Lambda entry over the Data API, back to back after a warm-up request. */
  readonly authorizerOverDataApi: {
    readonly requests: number;
    readonly meanCpuMs: number;
    readonly sdkCallsPerInvocation: Record<string, number>;
  };
}

const [inputPath, outputPath] = process.argv.slice(2);
if (!inputPath || !outputPath) throw new Error('usage: measure-per-minute.ts <input.json> <output.json>');
const input = JSON.parse(await readFile(inputPath, 'utf8')) as PerMinuteInput;
const counter = countSdkRequests();
counter.setPorts(new Map(Object.entries(input.ports)));

let logBytes = 0;
const discard = new Writable({
  write: (chunk: Buffer, _encoding, done) => {
    logBytes += chunk.byteLength;
    done();
  },
});
// Loggers and EMF metrics bind to the process streams when built; the parent reads none of it.
Object.defineProperty(process, 'stdout', { value: discard, configurable: true });
Object.defineProperty(process, 'stderr', { value: discard, configurable: true });
delete process.env['POWERTOOLS_METRICS_DISABLED'];

/** The engine with its query starts counted. */
function counting(engine: QueryEngine): QueryEngine & { starts: number } {
  return {
    starts: 0,
    ...definedProps({ firstPollMs: engine.firstPollMs }),
    prepare: engine.prepare.bind(engine),
    start(this: { starts: number }, ...args: Parameters<QueryEngine['start']>) {
      this.starts++;
      return engine.start(...args);
    },
    status: engine.status.bind(engine),
    results: engine.results.bind(engine),
  };
}

let now = new Date(input.runsAt[0] ?? Date.now());
const clock = () => now;
const scorerDeps = metricAnomaliesDeps();
const scorerEngine = counting(scorerDeps.engine);
const scorer = makeMetricAnomaliesHandler({ ...scorerDeps, engine: scorerEngine, now: clock });
const evaluatorDeps = alertEvaluatorDeps();
const evaluatorEngine = counting(evaluatorDeps.engine);
const evaluator = makeAlertEvaluatorHandler({
  ...evaluatorDeps,
  engine: evaluatorEngine,
  // The scorer has run for this minute already; nothing to wait for.
  scorerWait: { attempts: 0, pause: async () => {} },
  now: clock,
});

interface Tally {
  cpuMs: number[];
  wallMs: number[];
  before: Map<string, number>;
  calls: Record<string, number>;
  lakeQueries: number[];
  logBytes: number;
  lastResult: unknown;
}
const tally = (): Tally => ({
  cpuMs: [],
  wallMs: [],
  before: new Map(),
  calls: {},
  lakeQueries: [],
  logBytes: 0,
  lastResult: undefined,
});
const tallies = { scorer: tally(), evaluator: tally() };

async function run(
  t: Tally,
  handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>,
  engine: { starts: number },
  counted: boolean,
): Promise<void> {
  const calls0 = counter.snapshot();
  const queries0 = engine.starts;
  const logs0 = logBytes;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await handler(undefined, lambdaContext());
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (!counted) return;
  t.cpuMs.push((cpu.user + cpu.system) / 1000);
  t.wallMs.push(wallMs);
  for (const [k, v] of Object.entries(counter.since(calls0))) t.calls[k] = (t.calls[k] ?? 0) + v;
  t.lakeQueries.push(engine.starts - queries0);
  t.logBytes += logBytes - logs0;
  t.lastResult = result;
}

for (const [i, at] of input.runsAt.entries()) {
  now = new Date(at);
  await run(tallies.scorer, scorer, scorerEngine, i >= input.warm);
  await run(tallies.evaluator, evaluator, evaluatorEngine, i >= input.warm);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const figures = (t: Tally): RunFigures => ({
  runs: t.cpuMs.length,
  meanCpuMs: mean(t.cpuMs),
  meanWallMs: mean(t.wallMs),
  sdkCallsPerInvocation: perUnit(t.calls, Math.max(1, t.cpuMs.length)),
  lakeQueriesPerInvocation: mean(t.lakeQueries),
  lakeQueriesByRun: t.lakeQueries,
  logBytesPerInvocation: t.logBytes / Math.max(1, t.cpuMs.length),
  lastResult: t.lastResult,
});

// The authorizer over the Data API: its Lambda entry, as deployed in a `data-api` stage.
const repoRoot = resolve(import.meta.dirname, '..', '..');
const { handler: authorize } = (await import(
  pathToFileURL(join(repoRoot, functionNamed('api-key-authorizer').entry)).href
)) as { handler: (event: unknown) => Promise<unknown> };
const request = () => authorize(authorizerEvent({ authorization: `Bearer ${input.apiKey}` }));
await request(); // warm-up: module init, the statement's parameter-type probe
const authBefore = counter.snapshot();
const authCpu0 = process.cpuUsage();
for (let i = 0; i < input.authorizerRequests; i++) await request();
const authCpu = process.cpuUsage(authCpu0);

const output: PerMinuteOutput = {
  'metric-anomalies': figures(tallies.scorer),
  'alert-evaluator': figures(tallies.evaluator),
  authorizerOverDataApi: {
    requests: input.authorizerRequests,
    meanCpuMs: (authCpu.user + authCpu.system) / 1000 / Math.max(1, input.authorizerRequests),
    sdkCallsPerInvocation: perUnit(counter.since(authBefore), Math.max(1, input.authorizerRequests)),
  },
};
await writeFile(outputPath, JSON.stringify(output));
// The deps' pools, clients and DuckDB workers would keep the process alive.
process.exit(0);
