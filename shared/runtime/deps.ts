/**
 * The composition root: builds every adapter a handler needs from the validated config.
 * Handlers call these once at cold start; nothing else constructs clients or reads env.
 * Adapters are free functions of a Runtime, not Runtime methods, so a function's bundle holds
 * only the adapters and SDK clients its handler names (esbuild cannot drop unused methods).
 */
import type pg from 'pg';
import { GlueLakeCatalog } from '../adapters/aws/glue-lake-catalog';
import { SageMakerModelEndpoint } from '../adapters/aws/sagemaker-model-endpoint';
import { PostgresAuditLog } from '../adapters/postgres/postgres-audit-log';
import { PostgresDatasetCatalog } from '../adapters/postgres/postgres-dataset-catalog';
import { PostgresModelRegistry } from '../adapters/postgres/postgres-model-registry';
import { PostgresQueryStore } from '../adapters/postgres/postgres-query-store';
import { PostgresTenantDirectory } from '../adapters/postgres/postgres-tenant-directory';
import type { LakeCatalog } from '../ports/lake-catalog';
import type { ModelEndpoint } from '../ports/model-endpoint';
import { glueClient, sagemakerRuntimeClient } from './aws-clients';
import { loadConfig, type NexusConfig, required } from './config';
import { createPool } from './database';

/** Per-container state: the config, the Postgres pool and the SDK clients, each created once. */
export class Runtime {
  readonly config: NexusConfig;
  private poolInstance: pg.Pool | undefined;
  private readonly clients = new Map<(config: NexusConfig) => unknown, unknown>();

  constructor(env?: Readonly<Record<string, string | undefined>>) {
    this.config = loadConfig(env);
  }

  get pool(): pg.Pool {
    this.poolInstance ??= createPool(this.config);
    return this.poolInstance;
  }

  /** The SDK client `factory` builds (see aws-clients.ts), created on first use and reused. */
  client<T>(factory: (config: NexusConfig) => T): T {
    if (!this.clients.has(factory)) this.clients.set(factory, factory(this.config));
    return this.clients.get(factory) as T;
  }
}

let shared: Runtime | undefined;

/** The container-wide runtime, created on first use. */
export function runtime(): Runtime {
  shared ??= new Runtime();
  return shared;
}

export function tenantDirectory(rt: Runtime = runtime()): PostgresTenantDirectory {
  return new PostgresTenantDirectory(rt.pool);
}

export function datasetCatalog(rt: Runtime = runtime()): PostgresDatasetCatalog {
  return new PostgresDatasetCatalog(rt.pool);
}

export function auditLog(rt: Runtime = runtime()): PostgresAuditLog {
  return new PostgresAuditLog(rt.pool);
}

export function queryStore(rt: Runtime = runtime()): PostgresQueryStore {
  return new PostgresQueryStore(rt.pool);
}

export function modelRegistry(rt: Runtime = runtime()): PostgresModelRegistry {
  return new PostgresModelRegistry(rt.pool);
}

/** Glue in AWS; none locally, where DuckDB reads the lake's files without a catalog. */
export function lakeCatalog(rt: Runtime = runtime()): LakeCatalog | undefined {
  if (rt.config.queryEngine !== 'athena') return undefined;
  return new GlueLakeCatalog(rt.client(glueClient), {
    database: required(rt.config, 'glueDatabase'),
    curatedBucket: required(rt.config, 'curatedBucket'),
  });
}

/** The SageMaker endpoint serving detect, forecast and summarize (the local endpoint router locally). */
export function modelEndpoint(rt: Runtime = runtime()): ModelEndpoint {
  return new SageMakerModelEndpoint(rt.client(sagemakerRuntimeClient), {
    endpointName: required(rt.config, 'modelEndpointName'),
  });
}
