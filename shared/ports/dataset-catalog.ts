/** Port for tenants' datasets and their versioned schemas. */
import type { DatasetSchema, DatasetSummary, FieldDef } from '../domain/catalog/dataset-schema';

export interface DatasetCatalog {
  /** The current schema of a tenant's dataset (built-in ones included), or null. */
  find(tenantId: string, name: string): Promise<DatasetSummary | null>;
  /** A specific schema version (the lake writer encodes records with the version they were validated by). */
  findVersion(tenantId: string, name: string, version: number): Promise<DatasetSchema | null>;
  list(tenantId: string): Promise<readonly DatasetSummary[]>;
  /** Creates the dataset, or adds a new schema version when the fields changed. */
  register(
    tenantId: string,
    name: string,
    fields: readonly FieldDef[],
    description: string | undefined,
  ): Promise<{ dataset: DatasetSummary; created: boolean; changed: boolean }>;
}
