/**
 * The lake's object layout, shared by the lake writer, the local DuckDB engine and the Glue
 * tables' partition projection (infra): `<zone>/tenant=<t>/dataset=<d>/dt=<yyyy-mm-dd>/hour=<hh>/`.
 * Partitions are by ingestion time: every dataset has it, and late events stay queryable.
 */

export interface PartitionRef {
  readonly tenantId: string;
  readonly dataset: string;
  /** UTC date, `yyyy-mm-dd`. */
  readonly dt: string;
  /** UTC hour, `00`..`23`. */
  readonly hour: string;
}

export const CURATED_ZONE = 'curated';
export const RAW_ZONE = 'raw';

export function partitionOf(tenantId: string, dataset: string, receivedAtIso: string): PartitionRef {
  // Normalised to UTC, so a timestamp with an offset lands in the same partition as its instant.
  const parsed = new Date(receivedAtIso);
  const utc = Number.isNaN(parsed.getTime()) ? receivedAtIso : parsed.toISOString();
  return { tenantId, dataset, dt: utc.slice(0, 10), hour: utc.slice(11, 13) };
}

export function partitionKey(p: PartitionRef): string {
  return `${p.tenantId}|${p.dataset}|${p.dt}|${p.hour}`;
}

/** Prefix of one tenant's dataset in a zone: the unit of tenant isolation for queries. */
export function datasetPrefix(zone: string, tenantId: string, dataset: string): string {
  return `${zone}/tenant=${tenantId}/dataset=${dataset}/`;
}

export function partitionPrefix(zone: string, p: PartitionRef): string {
  return `${datasetPrefix(zone, p.tenantId, p.dataset)}dt=${p.dt}/hour=${p.hour}/`;
}

export function curatedObjectKey(p: PartitionRef, fileId: string): string {
  return `${partitionPrefix(CURATED_ZONE, p)}${fileId}.parquet`;
}

export function rawObjectKey(p: PartitionRef, fileId: string): string {
  return `${partitionPrefix(RAW_ZONE, p)}${fileId}.ndjson.gz`;
}
