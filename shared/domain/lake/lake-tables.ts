/**
 * How datasets map to catalog (Glue) tables. Built-in datasets have one table shared by all
 * tenants (same schema everywhere), filtered on the `tenant` partition. A tenant's own dataset
 * gets a table of its own, since two tenants may define `orders` differently; its location is
 * the tenant's prefix, so it cannot see another tenant's files.
 */
import { type DatasetSchema, eventsDatasetSchema, type FieldType } from '../catalog/dataset-schema';
import { CURATED_ZONE, datasetPrefix, MANIFEST_FOLDER } from './lake-layout';

const sharedDatasets = new Set([eventsDatasetSchema.dataset]);

export function isSharedTable(dataset: string): boolean {
  return sharedDatasets.has(dataset);
}

/** Glue table name: lowercase letters, digits and underscores only. */
export function lakeTableName(tenantId: string, dataset: string): string {
  return isSharedTable(dataset) ? dataset : `t_${tenantId.replaceAll('-', '').toLowerCase()}__${dataset}`;
}

const hiveTypeOf: Record<FieldType, string> = {
  string: 'string',
  number: 'double',
  integer: 'bigint',
  boolean: 'boolean',
  timestamp: 'timestamp',
  object: 'string',
};

/** Data columns as written by the lake writer's Parquet encoder. */
export function lakeColumnsOf(schema: DatasetSchema): { name: string; type: string }[] {
  return [
    ...schema.fields.map((f) => ({ name: f.name.toLowerCase(), type: hiveTypeOf[f.type] })),
    { name: 'receivedat', type: 'timestamp' },
    { name: 'schemaversion', type: 'int' },
  ];
}

/** The S3 location of a tenant's own dataset table. */
export function tenantTableLocation(curatedBucket: string, tenantId: string, dataset: string): string {
  return `s3://${curatedBucket}/${datasetPrefix(CURATED_ZONE, tenantId, dataset)}`;
}

/**
 * Hive SerDe and formats of every lake table. A partition's location is its manifest folder
 * (see `manifestKey`), read through SymlinkTextInputFormat: Athena opens the Parquet files the
 * manifest lists, never the folder's listing, so a compaction's swap (one PUT of the manifest)
 * is atomic for Athena too. This is how Delta Lake and Redshift UNLOAD expose snapshots to Athena.
 */
export const parquetStorage = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
} as const;

/** The `storage.location.template` suffix below a dataset's prefix: its partitions' manifest folders. */
export const manifestLocationTemplate = `${MANIFEST_FOLDER}/dt=\${dt}/hour=\${hour}/`;

/**
 * Partition projection of the `dt`/`hour` partitions (the lake writer's ingestion-time layout),
 * so Athena needs no crawler and no partition maintenance.
 */
export const timePartitionProjection: Readonly<Record<string, string>> = {
  classification: 'parquet',
  'projection.enabled': 'true',
  'projection.dt.type': 'date',
  'projection.dt.format': 'yyyy-MM-dd',
  'projection.dt.range': '2024-01-01,NOW',
  'projection.hour.type': 'integer',
  'projection.hour.range': '0,23',
  'projection.hour.digits': '2',
};
