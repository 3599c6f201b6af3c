/** Port for the lake's table catalog (Glue in AWS), kept in step with dataset schemas. */
import type { DatasetSchema } from '../domain/catalog/dataset-schema';

export interface LakeCatalog {
  /** Creates or updates the table of a tenant's dataset to the given schema version. */
  ensureTable(tenantId: string, schema: DatasetSchema): Promise<void>;
}
