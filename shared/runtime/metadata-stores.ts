/** The Postgres-backed capabilities: tenants and keys, datasets, queries, the model registry, the audit log. */

import { PostgresAuditLog } from '../adapters/postgres/postgres-audit-log';
import { PostgresDatasetCatalog } from '../adapters/postgres/postgres-dataset-catalog';
import { PostgresModelRegistry } from '../adapters/postgres/postgres-model-registry';
import { PostgresQueryStore } from '../adapters/postgres/postgres-query-store';
import { PostgresTenantDirectory } from '../adapters/postgres/postgres-tenant-directory';
import type { DatasetSummary } from '../domain/catalog/dataset-schema';
import { cachedSchemaVersions, SchemaCache } from '../domain/catalog/schema-cache';
import type { DatasetCatalog } from '../ports/dataset-catalog';
import { type Runtime, runtime } from './runtime';
import { sqlPool } from './sql-pool';

export function tenantDirectory(rt: Runtime = runtime()): PostgresTenantDirectory {
  return new PostgresTenantDirectory(sqlPool(rt));
}

export function datasetCatalog(rt: Runtime = runtime()): PostgresDatasetCatalog {
  return new PostgresDatasetCatalog(sqlPool(rt));
}

export function auditLog(rt: Runtime = runtime()): PostgresAuditLog {
  return new PostgresAuditLog(sqlPool(rt));
}

export function queryStore(rt: Runtime = runtime()): PostgresQueryStore {
  return new PostgresQueryStore(sqlPool(rt));
}

export function modelRegistry(rt: Runtime = runtime()): PostgresModelRegistry {
  return new PostgresModelRegistry(sqlPool(rt));
}

/** One schema cache per container (Runtime): ingest reads it, registration in the same container clears it. */
const schemaCaches = new WeakMap<Runtime, SchemaCache>();
function schemaCache(rt: Runtime): SchemaCache {
  let cache = schemaCaches.get(rt);
  if (!cache) {
    cache = new SchemaCache(datasetCatalog(rt));
    schemaCaches.set(rt, cache);
  }
  return cache;
}

/** A tenant's current dataset schema, cached per container (ingest paths look it up per request). */
export function datasetLookup(
  rt: Runtime = runtime(),
): (
  tenantId: string,
  name: string,
  options?: { readonly fresh?: boolean },
) => Promise<DatasetSummary | null> {
  const schemas = schemaCache(rt);
  return (tenantId, name, options) => schemas.find(tenantId, name, options);
}

/** The dataset catalog for registration: a new schema version drops this container's cached one at once. */
export function registeringDatasetCatalog(rt: Runtime = runtime()): DatasetCatalog {
  const catalog = datasetCatalog(rt);
  const schemas = schemaCache(rt);
  return {
    find: (tenantId, name) => catalog.find(tenantId, name),
    findVersion: (tenantId, name, version) => catalog.findVersion(tenantId, name, version),
    list: (tenantId) => catalog.list(tenantId),
    async register(tenantId, name, ...rest) {
      const result = await catalog.register(tenantId, name, ...rest);
      schemas.forget(tenantId, name);
      return result;
    },
  };
}

/** Schema versions by number, cached per container (the lake writer decodes with them). */
export function schemaVersions(rt: Runtime = runtime()) {
  return cachedSchemaVersions(datasetCatalog(rt));
}
