/**
 * The Glue table input of a built-in (shared) dataset such as `events`: one table for all
 * tenants over `curated/tenant=<t>/dataset=<d>/dt=<date>/hour=<hh>/`, with partition projection
 * so Athena needs no crawler. The tenant partition is `injected`: a query must name its tenant,
 * which the query engine's per-tenant CTE always does.
 */
import type { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { DatasetSchema } from '../../shared/domain/catalog/dataset-schema';
import { CURATED_ZONE } from '../../shared/domain/lake/lake-layout';
import {
  lakeColumnsOf,
  lakeTableName,
  manifestLocationTemplate,
  parquetStorage,
  timePartitionProjection,
} from '../../shared/domain/lake/lake-tables';

export function sharedLakeTableInput(
  schema: DatasetSchema,
  curatedBucketName: string,
): CfnTable.TableInputProperty {
  const location = `s3://${curatedBucketName}/${CURATED_ZONE}/`;
  return {
    name: lakeTableName('shared', schema.dataset),
    description: `Nexus built-in dataset ${schema.dataset} (all tenants; filter on tenant)`,
    tableType: 'EXTERNAL_TABLE',
    partitionKeys: [
      { name: 'tenant', type: 'string' },
      { name: 'dataset', type: 'string' },
      { name: 'dt', type: 'string' },
      { name: 'hour', type: 'string' },
    ],
    parameters: {
      ...timePartitionProjection,
      'projection.tenant.type': 'injected',
      'projection.dataset.type': 'enum',
      'projection.dataset.values': schema.dataset,
      'storage.location.template': `${location}tenant=\${tenant}/dataset=\${dataset}/${manifestLocationTemplate}`,
    },
    storageDescriptor: {
      columns: lakeColumnsOf(schema).map((c) => ({ name: c.name, type: c.type })),
      location,
      inputFormat: parquetStorage.inputFormat,
      outputFormat: parquetStorage.outputFormat,
      serdeInfo: { serializationLibrary: parquetStorage.serializationLibrary },
    },
  };
}
