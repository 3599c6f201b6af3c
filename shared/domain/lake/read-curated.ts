/**
 * Reads a curated Parquet file back into records, values as the ingest API normalised them
 * (timestamps as ISO strings, 64-bit integers as numbers). The rollup updater uses it to recover
 * a file whose rollups a crashed writer may not have applied.
 */
import { parquetReadObjects } from 'hyparquet';
import { curatedDecompressors } from './parquet-codec';

export interface CuratedRecord {
  readonly eventId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export async function readCurated(bytes: Uint8Array): Promise<CuratedRecord[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file, compressors: curatedDecompressors })) as Record<
    string,
    unknown
  >[];
  return rows.map((row) => {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (key !== 'receivedAt' && key !== 'schemaVersion' && value !== null) data[key] = normalise(value);
    }
    return { eventId: String(row['eventId']), data };
  });
}

/** Just the `eventId` column of a curated file: what the lake writer's dedupe index is built from. */
export async function readEventIds(bytes: Uint8Array): Promise<string[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({
    file,
    columns: ['eventId'],
    compressors: curatedDecompressors,
  })) as { eventId: unknown }[];
  return rows.map((row) => String(row.eventId));
}
