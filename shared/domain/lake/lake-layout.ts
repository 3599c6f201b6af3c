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

/**
 * The tag the lake writer puts on its batch files (curated and raw): the compactor merges them and
 * deletes them, and the buckets' lifecycle lets their noncurrent versions go after a day instead of
 * the 30 days other objects keep (their records live on in the merged file).
 */
export const BATCH_FILE_TAG = { key: 'nexus-lake-file', value: 'batch' } as const;
export const batchFileTags: Readonly<Record<string, string>> = { [BATCH_FILE_TAG.key]: BATCH_FILE_TAG.value };

/** Folder of a dataset's partition manifests, inside the tenant's prefix (the symlink tables' location). */
export const MANIFEST_FOLDER = '_manifest';

/**
 * The partition's manifest: the one object naming its live data files. Readers follow it (DuckDB
 * locally, Athena through the symlink tables), and a single PUT replaces it, so a swap is atomic.
 */
export function manifestKey(p: PartitionRef): string {
  return `${datasetPrefix(CURATED_ZONE, p.tenantId, p.dataset)}${MANIFEST_FOLDER}/dt=${p.dt}/hour=${p.hour}/manifest`;
}

/** Bookkeeping outside every tenant prefix, written by the lake writer for the compactor. */
export const LAKE_STATE_ZONE = 'lake-state';

/** Prefix of the markers of one hour's partitions: what the compactor lists. */
export function partitionMarkerPrefix(dt: string, hour: string): string {
  return `${LAKE_STATE_ZONE}/partitions/dt=${dt}/hour=${hour}/`;
}

/** The marker saying a partition exists, written before its first manifest. */
export function partitionMarkerKey(p: PartitionRef): string {
  return `${partitionMarkerPrefix(p.dt, p.hour)}tenant=${p.tenantId}/dataset=${p.dataset}`;
}

/** The partition a marker names, or null for a key that is not a marker. */
export function partitionOfMarker(key: string): PartitionRef | null {
  const m = /\/dt=([^/]+)\/hour=([^/]+)\/tenant=([^/]+)\/dataset=([^/]+)$/.exec(key);
  if (!m) return null;
  const [, dt = '', hour = '', tenantId = '', dataset = ''] = m;
  return { tenantId, dataset, dt, hour };
}
