/**
 * The composition root: builds every adapter a handler needs from the validated config.
 * Handlers call these once at cold start; nothing else constructs clients or reads env.
 * Adapters are free functions of a Runtime, not Runtime methods, so a function's bundle holds
 * only the adapters and SDK clients its handler names (esbuild cannot drop unused methods);
 * those needing an AWS SDK client live in their own modules (lake-catalog.ts, model-endpoint.ts)
 * so a Postgres-only handler never loads an SDK client at cold start.
 */
import type pg from 'pg';
import { PostgresAuditLog } from '../adapters/postgres/postgres-audit-log';
import { PostgresDatasetCatalog } from '../adapters/postgres/postgres-dataset-catalog';
import { PostgresModelRegistry } from '../adapters/postgres/postgres-model-registry';
import { PostgresQueryStore } from '../adapters/postgres/postgres-query-store';
import { PostgresTenantDirectory } from '../adapters/postgres/postgres-tenant-directory';
import { loadConfig, type NexusConfig } from './config';
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
