/** Boots the whole local platform: stand-ins, migrations, demo tenant, gateway, pollers and workers. */
import pg from 'pg';
import { runMigrations } from '../../shared/adapters/postgres/migrations';
import { PostgresModelRegistry } from '../../shared/adapters/postgres/postgres-model-registry';
import { definedProps } from '../../shared/domain/defined-props';
import { listEndpointVariants } from '../../shared/domain/models/endpoint-variants';
import { EnvNames } from '../../shared/runtime/env-names';
import { type FunctionSpec, functions as topologyFunctions } from '../../shared/topology';
import { type ApiGateway, startApiGateway } from './api-gateway';
import { demoCredentials, writeLocalInfo } from './demo-credentials';
import { type EndpointRouter, startEndpointRouter } from './endpoint-router/endpoint-router';
import { defaultModelServerPort, localEnvironment } from './environment';
import { functionCredentialEnv } from './function-credentials';
import { startFunctionThread } from './function-thread';
import { HandlerCache, type LambdaHandler, localFunctionName } from './lambda-runtime';
import { consoleLog, type LogSink } from './log';
import { invokeAsync } from './pollers/async-invoke';
import { type QueuePoller, startQueuePoller } from './pollers/queue-poller';
import { type S3Poller, startS3Poller } from './pollers/s3-poller';
import { type SchedulePoller, startSchedulePoller } from './pollers/schedule-poller';
import { localAccountId, localRegion } from './resources';
import { localSigningKey } from './signing-key';
import { spawnWorker, type WorkerHandle } from './spawn-worker';
import { type SchedulerStandIn, startSchedulerStandIn } from './stand-ins/scheduler-server';
import { startSqsStandIn } from './stand-ins/sqs-server';
import { type StandInPorts, type StandIns, startStandIns } from './stand-ins/start-stand-ins';
import { claimPort } from './tcp-ports';
import type { PollerTuning } from './worker-protocol';

export interface LocalPlatformOptions {
  /** @default `.nexus` */
  readonly dataDir?: string | undefined;
  /** Gateway port; 0 picks a free one. @default 4000 */
  readonly port?: number | undefined;
  readonly standInPorts?: Partial<StandInPorts> | undefined;
  /** Kinesis poller tuning for the workers (tests and benchmarks shorten waits). */
  readonly tuning?: PollerTuning | undefined;
  /** @default the topology */
  readonly functions?: readonly FunctionSpec[];
  /**
   * A SageMaker runtime (or model server router) that is already running; when given, the
   * platform starts no endpoint router of its own.
   */
  readonly modelServerUrl?: string | undefined;
  /**
   * Port of the local endpoint router (the SageMaker runtime stand-in); 0 picks a free one.
   * @default 8080, or a free port when `port` is 0 (tests)
   */
  readonly modelEndpointPort?: number | undefined;
  /** Model server processes the endpoint router keeps live (least recently used stopped first). @default 4 */
  readonly maxModelServers?: number | undefined;
  readonly log?: LogSink;
  /** Handlers' Powertools log level (`POWERTOOLS_LOG_LEVEL`). @default 'INFO' */
  readonly logLevel?: string | undefined;
}

export interface LocalPlatform {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly tenantId: string;
  /** The platform operator's key (`operatorKey` in local.json). */
  readonly operatorKey: string;
  readonly dataDir: string;
  /** The environment handlers run with (also applied to this process). */
  readonly env: Readonly<Record<string, string>>;
  readonly standIns: StandIns;
  /** The EventBridge Scheduler stand-in that runs report schedules. */
  readonly scheduler: SchedulerStandIn;
  /** The SageMaker runtime endpoint handlers call (the local endpoint router unless `modelServerUrl` was given). */
  readonly modelEndpointUrl: string;
  /** One worker per function with a Kinesis event source, by function name: kill/restart them in tests. */
  readonly workers: ReadonlyMap<string, WorkerHandle>;
  /** Runs a function's schedule now and returns its result. */
  triggerSchedule(functionName: string, index?: number): Promise<unknown>;
  /**
   * Skips every function's scheduled firings until resumeSchedules() and resolves once the runs
   * in flight have finished. Locally the scheduled functions run in threads of their own but
   * share the machine's cores with the API; in AWS each runs in its own sandbox. `npm start`
   * never calls it.
   */
  pauseSchedules(): Promise<void>;
  resumeSchedules(): void;
  /** Resolves when every S3 event received so far has been handled. */
  s3Idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Defers the import to the first event, like a cold start, and after the environment is set. */
function lazyHandler(handlers: HandlerCache, spec: FunctionSpec): LambdaHandler {
  return async (event, context) => (await handlers.get(spec))(event, context);
}

/**
 * Starts the endpoint router on the model registry's variant weights; model server processes
 * start on a variant's first request. Returns its URL, the SageMaker runtime endpoint override.
 */
async function startModelEndpoint(
  options: LocalPlatformOptions,
  standIns: StandIns,
  cleanups: (() => Promise<void>)[],
): Promise<string> {
  const wanted = options.modelEndpointPort ?? (options.port === 0 ? 0 : defaultModelServerPort);
  const port = await claimPort(
    wanted,
    'endpoint router (SageMaker runtime)',
    '--model-endpoint-port, or --model-server-url to use a running one',
  );
  const pool = new pg.Pool({ connectionString: standIns.databaseUrl, max: 2 });
  // Postgres stopping under an idle connection (at shutdown) must not surface as an unhandled error.
  pool.on('error', () => {});
  cleanups.push(() => pool.end());
  const registry = new PostgresModelRegistry(pool);
  const router: EndpointRouter = await startEndpointRouter({
    port,
    // The endpoint handlers are told to call, as the local environment names it.
    endpoints: [localEnvironment(standIns)[EnvNames.modelEndpointName] ?? 'nexus-anomaly-local'],
    variants: (endpointName) => listEndpointVariants(endpointName, { registry }),
    maxModelServers: options.maxModelServers,
    log: options.log ?? consoleLog('endpoint-router'),
  });
  cleanups.push(() => router.stop());
  return router.url;
}

/**
 * The Scheduler stand-in, in this process because its targets are this process's handlers: a
 * firing invokes the function its target ARN names, asynchronously, as EventBridge Scheduler does.
 */
function startReportScheduler(
  fns: readonly FunctionSpec[],
  handlers: HandlerCache,
  dataDir: string,
  log: LogSink,
): Promise<SchedulerStandIn> {
  const arn = (spec: FunctionSpec) =>
    `arn:aws:lambda:${localRegion}:${localAccountId}:function:${localFunctionName(spec)}`;
  return startSchedulerStandIn({
    port: 0,
    dir: `${dataDir}/scheduler`,
    onFire: (firing) => {
      const spec = fns.find((fn) => arn(fn) === firing.targetArn);
      if (!spec) return log(`schedule ${firing.scheduleArn}: no function ${firing.targetArn}`);
      void invokeAsync(
        { spec, handler: lazyHandler(handlers, spec), dataDir, log: consoleLog(spec.name) },
        JSON.parse(firing.input),
      );
    },
  });
}

export async function startLocalPlatform(options: LocalPlatformOptions = {}): Promise<LocalPlatform> {
  const log = options.log ?? consoleLog('nexus');
  const fns = options.functions ?? topologyFunctions;
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    // Reverse start order: nothing keeps calling a stand-in that is already gone.
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log(`stop failed: ${String(error)}`));
    }
  };
  try {
    const standIns = await startStandIns({ dataDir: options.dataDir, ports: options.standInPorts, log });
    cleanups.push(() => standIns.stop());
    const modelEndpointUrl =
      options.modelServerUrl ?? (await startModelEndpoint(options, standIns, cleanups));
    const handlers = new HandlerCache();
    const scheduler = await startReportScheduler(fns, handlers, standIns.dataDir, log);
    cleanups.push(() => scheduler.stop());
    // The SQS stand-in (alert deliveries) runs in this process: 4570, or a free port in tests.
    const sqs = await startSqsStandIn(options.port === 0 ? 0 : 4570);
    cleanups.push(() => sqs.stop());
    const env = localEnvironment(standIns, {
      modelServerUrl: modelEndpointUrl,
      schedulerEndpoint: scheduler.endpoint,
      deliveryQueue: sqs,
      unsubscribeSigningKey: await localSigningKey(standIns.dataDir),
      ...definedProps({ logLevel: options.logLevel }),
    });
    // In-process handlers (gateway, S3, schedules) read process.env once, at their first import.
    Object.assign(process.env, env);

    await runMigrations(standIns.databaseUrl);
    const { apiKey, tenantId, operatorKey, created } = await demoCredentials(
      standIns.dataDir,
      standIns.databaseUrl,
      standIns.postgresFreshlyInitialised,
    );
    if (created) log(`created the demo tenant ${tenantId}`);

    const gateway: ApiGateway = await startApiGateway({
      functions: fns,
      port: options.port,
      handlers,
      log: options.log ?? consoleLog('gateway'),
    });
    cleanups.push(() => gateway.close());
    // Handlers load lazily, after this: links in notifications point at this gateway.
    env[EnvNames.publicApiUrl] = gateway.url;
    process.env[EnvNames.publicApiUrl] = gateway.url;
    await writeLocalInfo(standIns.dataDir, { apiUrl: gateway.url, apiKey, tenantId, operatorKey });

    const s3Pollers: S3Poller[] = [];
    const schedules = new Map<string, SchedulePoller>();
    for (const spec of fns) {
      for (const source of spec.eventSources ?? []) {
        if (source.kind !== 's3') continue;
        const poller = startS3Poller({
          spec,
          source,
          handler: lazyHandler(handlers, spec),
          subscribe: (listener) => standIns.onObjectCreated(listener),
          dataDir: standIns.dataDir,
        });
        s3Pollers.push(poller);
        cleanups.push(() => poller.stop());
      }
      for (const source of spec.eventSources ?? []) {
        if (source.kind !== 'queue') continue;
        const poller: QueuePoller = startQueuePoller({
          spec,
          source,
          handler: lazyHandler(handlers, spec),
          client: sqs.client,
          queueUrl: sqs.deliveryQueueUrl,
          ...definedProps({ log: options.log }),
        });
        cleanups.push(() => poller.stop());
      }
      if (spec.eventSources?.some((source) => source.kind === 'schedule')) {
        // Scheduled functions run in threads of their own (see function-thread.ts), with their own
        // S3 credentials like the Kinesis workers: their runs never hold up the API's event loop.
        const thread = startFunctionThread(
          spec,
          { ...env, ...functionCredentialEnv(spec) },
          options.log ?? consoleLog(spec.name),
        );
        cleanups.push(() => thread.stop());
        const poller = startSchedulePoller({ spec, handler: thread.handler, dataDir: standIns.dataDir });
        schedules.set(spec.name, poller);
        cleanups.push(() => poller.stop());
      }
    }

    const workers = new Map<string, WorkerHandle>();
    for (const spec of fns.filter((fn) => fn.eventSources?.some((source) => source.kind === 'kinesis'))) {
      // A worker is its own process, so it gets the function's own S3 credentials, scoped like its
      // IAM role; in-process handlers share one process.env and so the platform's key.
      const worker = spawnWorker(
        spec.name,
        { ...env, ...functionCredentialEnv(spec) },
        { spec, dataDir: standIns.dataDir, tuning: options.tuning },
      );
      workers.set(spec.name, worker);
      cleanups.push(() => worker.stop());
    }
    await Promise.all([...workers.values()].map((worker) => worker.ready));

    return {
      apiUrl: gateway.url,
      apiKey,
      tenantId,
      operatorKey,
      dataDir: standIns.dataDir,
      env,
      standIns,
      scheduler,
      modelEndpointUrl,
      workers,
      async triggerSchedule(functionName, index) {
        const poller = schedules.get(functionName);
        if (!poller) throw new Error(`${functionName} has no schedule event source`);
        return poller.triggerNow(index);
      },
      async pauseSchedules() {
        await Promise.all([...schedules.values()].map((poller) => poller.pause()));
      },
      resumeSchedules() {
        for (const poller of schedules.values()) poller.resume();
      },
      async s3Idle() {
        await Promise.all(s3Pollers.map((poller) => poller.idle()));
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
