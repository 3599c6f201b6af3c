/** The Postgres-backed capabilities: tenants and keys, datasets, queries, the model registry, the audit log. */
import { PostgresAuditLog } from '../adapters/postgres/postgres-audit-log';
import { PostgresDatasetCatalog } from '../adapters/postgres/postgres-dataset-catalog';
import { PostgresModelRegistry } from '../adapters/postgres/postgres-model-registry';
import { PostgresQueryStore } from '../adapters/postgres/postgres-query-store';
import { PostgresTenantDirectory } from '../adapters/postgres/postgres-tenant-directory';
import type { DatasetSummary } from '../domain/catalog/dataset-schema';
import { cachedSchemaVersions, SchemaCache } from '../domain/catalog/schema-cache';
import { type Runtime, runtime } from './runtime';

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

/** A tenant's current dataset schema, cached per container (ingest paths look it up per request). */
export function datasetLookup(
  rt: Runtime = runtime(),
): (tenantId: string, name: string) => Promise<DatasetSummary | null> {
  const schemas = new SchemaCache(datasetCatalog(rt));
  return (tenantId, name) => schemas.find(tenantId, name);
}

/** Schema versions by number, cached per container (the lake writer decodes with them). */
export function schemaVersions(rt: Runtime = runtime()) {
  return cachedSchemaVersions(datasetCatalog(rt));
}
