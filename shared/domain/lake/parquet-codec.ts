/**
 * Curated Parquet compression, chosen by measurement (`npm run cost:parquet`, README "Cost").
 * The lake writer keeps hyparquet-writer's SNAPPY: GZIP would shrink its files by 45 % but cut
 * the drain rate by about a quarter, and its small files live only until compaction. The hourly
 * compactor, off the ingest path, writes the files kept for months as GZIP (read natively by
 * Athena and DuckDB): 344 -> 189 bytes per anchor event. hyparquet decodes only SNAPPY itself,
 * so every hyparquet read of a curated file passes `curatedDecompressors`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** zlib's default level: level 9 saved another 6 % for about twice the CPU; level 1 gave 226 B/event. */
const gzipLevel = 6;

export const compactedParquetOptions = {
  codec: 'GZIP' as const,
  compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input, { level: gzipLevel })) },
};

export const curatedDecompressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
};
