/**
 * Starts only the stand-ins one contract suite needs (Postgres, s3rver or dynalite), with a
 * Runtime wired to them. startTestStack starts all five; a suite that needs one of them would
 * spend most of its time starting the other four, and eight suites do it once each.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/aws-clients';
import { bucketNames, localCredentials, localHost, localRegion } from '../../infra/local/resources';
import { type StandInProcess, startStandInProcess } from '../../infra/local/stand-ins/host-process';
import { ensureTables } from '../../infra/local/stand-ins/provision';
import { freePort } from '../../infra/local/tcp-ports';
import { runMigrations } from '../../shared/adapters/postgres/migrations';
import { PostgresMetricCatalog } from '../../shared/adapters/postgres/postgres-metric-catalog';
import { definedProps } from '../../shared/domain/defined-props';
import { EnvNames } from '../../shared/runtime/env-names';
import { tenantDirectory } from '../../shared/runtime/metadata-stores';
import { Runtime } from '../../shared/runtime/runtime';
import { type DataApiStack, startDataApi } from '../support/data-api';

export type ContractStandIn = 'postgres' | 's3' | 'dynamodb';

export interface ContractStack {
  /** The variables a handler would get for the started stand-ins (and only those). */
  readonly env: Readonly<Record<string, string>>;
  readonly runtime: Runtime;
  /** s3rver's files (`<lakeDir>/<bucket>/<key>._S3rver_object`), when s3 was started. */
  readonly lakeDir: string;
  /** The RDS Data API stand-in over the same Postgres, when asked for (`{ dataApi: true }`). */
  readonly dataApi?: DataApiStack;
  stop(): Promise<void>;
}

/** Starts `kinds` in a fresh temp dir: Postgres migrated, dynalite with the platform's tables. */
export async function startContractStack(
  kinds: readonly ContractStandIn[],
  options: { readonly dataApi?: boolean } = {},
): Promise<ContractStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'nexus-contract-'));
  const started: StandInProcess[] = [];
  let dataApi: DataApiStack | undefined;
  const stopAll = async () => {
    await dataApi?.stop();
    await Promise.all(started.map((p) => p.stop()));
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const env: Record<string, string> = {
      [EnvNames.stage]: 'local',
      [EnvNames.logLevel]: 'WARN',
      [EnvNames.region]: localRegion,
      AWS_DEFAULT_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const kind of kinds) {
      const standIn = await startStandInProcess({
        kind,
        host: localHost,
        port: await freePort(),
        dir: join(dataDir, kind),
      });
      started.push(standIn);
      const endpoint = `http://${localHost}:${standIn.request.port}`;
      if (kind === 'postgres') {
        const databaseUrl = standIn.details['databaseUrl'];
        if (typeof databaseUrl !== 'string') throw new Error('postgres stand-in reported no database URL');
        await runMigrations(databaseUrl);
        env[EnvNames.databaseUrl] = databaseUrl;
        if (options.dataApi) dataApi = await startDataApi(databaseUrl);
      } else if (kind === 's3') {
        Object.assign(env, {
          [EnvNames.endpointS3]: endpoint,
          [EnvNames.rawBucket]: bucketNames.raw,
          [EnvNames.curatedBucket]: bucketNames.curated,
          [EnvNames.queryResultsBucket]: bucketNames.queryResults,
          [EnvNames.reportFilesBucket]: bucketNames.reportFiles,
          [EnvNames.localLakeDir]: join(dataDir, kind),
        });
      } else {
        const client = localDynamoDbClient(endpoint);
        await ensureTables(client);
        client.destroy();
        Object.assign(env, {
          [EnvNames.endpointDynamodb]: endpoint,
        });
      }
    }
    // The SDK's default credential chain reads the process environment.
    Object.assign(process.env, env);
    const runtime = new Runtime(env);
    return {
      env,
      runtime,
      lakeDir: join(dataDir, 's3'),
      ...definedProps({ dataApi }),
      async stop() {
        if (kinds.includes('postgres')) await runtime.pool.end();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A new tenant with one count metric on `events`, for suites whose rows reference a metric. */
export async function newMetric(
  runtime: Runtime,
): Promise<{ readonly tenantId: string; readonly metricId: string; readonly version: number }> {
  const tenantId = (await tenantDirectory(runtime).createTenant('contract')).tenantId;
  const { metric } = await new PostgresMetricCatalog(runtime.pool).define(tenantId, randomUUID(), 'signups', {
    dataset: 'events',
    aggregation: 'count',
    filter: [],
    dimensions: [],
    timeField: 'timestamp',
  });
  return { tenantId, metricId: metric.metricId, version: metric.version };
}

/** Starts `kinds` before the file's tests and stops them after; the getter throws if they did not start. */
export function contractStackFor(kinds: readonly ContractStandIn[]): () => ContractStack {
  let stack: ContractStack | undefined;
  beforeAll(async () => {
    stack = await startContractStack(kinds);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('the stand-ins did not start');
    return stack;
  };
}
