/**
 * LakeCatalog on Glue: one Parquet table per tenant dataset, partitioned by dt/hour with
 * partition projection, so Athena needs no crawler and no partition maintenance.
 */
import {
  AlreadyExistsException,
  CreateTableCommand,
  type GlueClient,
  type TableInput,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import type { DatasetSchema } from '../../domain/catalog/dataset-schema';
import {
  lakeColumnsOf,
  lakeTableName,
  manifestLocationTemplate,
  parquetStorage,
  tenantTableLocation,
  timePartitionProjection,
} from '../../domain/lake/lake-tables';
import type { LakeCatalog } from '../../ports/lake-catalog';

export interface GlueLakeCatalogOptions {
  readonly database: string;
  readonly curatedBucket: string;
}

export function tableInputFor(
  tenantId: string,
  schema: DatasetSchema,
  options: GlueLakeCatalogOptions,
): TableInput {
  const location = tenantTableLocation(options.curatedBucket, tenantId, schema.dataset);
  return {
    Name: lakeTableName(tenantId, schema.dataset),
    TableType: 'EXTERNAL_TABLE',
    Description: `Nexus dataset ${schema.dataset} v${schema.version} of tenant ${tenantId}`,
    PartitionKeys: [
      { Name: 'dt', Type: 'string' },
      { Name: 'hour', Type: 'string' },
    ],
    Parameters: {
      ...timePartitionProjection,
      'storage.location.template': `${location}${manifestLocationTemplate}`,
      'nexus.schemaVersion': String(schema.version),
    },
    StorageDescriptor: {
      Columns: lakeColumnsOf(schema).map((c) => ({ Name: c.name, Type: c.type })),
      Location: location,
      InputFormat: parquetStorage.inputFormat,
      OutputFormat: parquetStorage.outputFormat,
      SerdeInfo: { SerializationLibrary: parquetStorage.serializationLibrary },
    },
  };
}

export class GlueLakeCatalog implements LakeCatalog {
  constructor(
    private readonly client: GlueClient,
    private readonly options: GlueLakeCatalogOptions,
  ) {}

  async ensureTable(tenantId: string, schema: DatasetSchema): Promise<void> {
    const TableInput = tableInputFor(tenantId, schema, this.options);
    try {
      await this.client.send(new CreateTableCommand({ DatabaseName: this.options.database, TableInput }));
    } catch (error) {
      if (!(error instanceof AlreadyExistsException)) throw error;
      await this.client.send(new UpdateTableCommand({ DatabaseName: this.options.database, TableInput }));
    }
  }
}
