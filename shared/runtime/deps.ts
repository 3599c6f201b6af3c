/**
 * The composition root: builds every adapter a handler needs from the validated config.
 * Handlers call these once at cold start; nothing else constructs clients or reads env.
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
import { AwsClients } from './aws-clients';
import { loadConfig, type NexusConfig, required } from './config';
import { createPool } from './database';

export class Runtime {
  readonly config: NexusConfig;
  readonly clients: AwsClients;
  private poolInstance: pg.Pool | undefined;

  constructor(env?: Readonly<Record<string, string | undefined>>) {
    this.config = loadConfig(env);
    this.clients = new AwsClients(this.config);
  }

  get pool(): pg.Pool {
    this.poolInstance ??= createPool(this.config);
    return this.poolInstance;
  }

  tenantDirectory() {
    return new PostgresTenantDirectory(this.pool);
  }
  datasetCatalog() {
    return new PostgresDatasetCatalog(this.pool);
  }
  auditLog() {
    return new PostgresAuditLog(this.pool);
  }
  /** Glue in AWS; none locally, where DuckDB reads the lake's files without a catalog. */
  lakeCatalog(): LakeCatalog | undefined {
    if (this.config.queryEngine !== 'athena') return undefined;
    return new GlueLakeCatalog(this.clients.glue(), {
      database: required(this.config, 'glueDatabase'),
      curatedBucket: required(this.config, 'curatedBucket'),
    });
  }
  queryStore() {
    return new PostgresQueryStore(this.pool);
  }
  modelRegistry() {
    return new PostgresModelRegistry(this.pool);
  }
  /** The SageMaker endpoint serving detect, forecast and summarize (the local endpoint router locally). */
  modelEndpoint(): ModelEndpoint {
    return new SageMakerModelEndpoint(this.clients.sagemakerRuntime(), {
      endpointName: required(this.config, 'modelEndpointName'),
    });
  }
}

let shared: Runtime | undefined;

/** The container-wide runtime, created on first use. */
export function runtime(): Runtime {
  shared ??= new Runtime();
  return shared;
}
