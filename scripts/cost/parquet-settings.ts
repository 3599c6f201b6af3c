/**
 * `npm run cost:parquet`: curated Parquet bytes per event under the settings the writer supports
 * (codec and level, per-column codec, dictionary, page and row-group size), on the cost
 * measurement's anchor events: a lake-writer file (500 events, one 5 s batch) and a compacted
 * one (10,000 events, sorted by receive time). Prints encode time per event for each, DuckDB's
 * ZSTD output of the same rows as a reference, and the compacted file's bytes per column.
 * Usage: npm run cost:parquet -- [--batch 500] [--compacted 10000]
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { eventsDatasetSchema } from '../../shared/domain/catalog/dataset-schema';
import { compactedParquetOptions } from '../../shared/domain/lake/parquet-codec';
import { curatedColumns, type LakeRecord } from '../../shared/domain/lake/parquet-file';
import { anchorEvent } from './anchor-event';

const { values: args } = parseArgs({
  options: { batch: { type: 'string', default: '500' }, compacted: { type: 'string', default: '10000' } },
});
const startMs = Date.UTC(2026, 11, 2, 8, 0, 0);
const records = (n: number): LakeRecord[] =>
  Array.from({ length: n }, (_, seq) => {
    const { eventId, ...data } = anchorEvent(seq, startMs);
    return {
      eventId: String(eventId),
      receivedAt: new Date(startMs + seq * 10 + 150).toISOString(),
      schemaVersion: 1,
      data,
    };
  });

type Options = Omit<Parameters<typeof parquetWriteBuffer>[0], 'columnData'>;
interface Variant {
  readonly name: string;
  readonly options: Options;
  readonly columns?: (columns: ColumnSource[]) => ColumnSource[];
}
const gzip = (level: number): Options => ({
  codec: 'GZIP',
  compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input, { level })) },
});
const perColumn = (codec: 'SNAPPY' | 'UNCOMPRESSED', names: readonly string[]) => (columns: ColumnSource[]) =>
  columns.map((c) => (names.includes(c.name) ? { ...c, codec } : c));
const variants: Variant[] = [
  { name: 'SNAPPY (hyparquet-writer default)', options: {} },
  { name: 'UNCOMPRESSED', options: { codec: 'UNCOMPRESSED' } },
  { name: 'GZIP level 1', options: gzip(1) },
  { name: 'GZIP level 6', options: gzip(6) },
  { name: 'GZIP level 9', options: gzip(9) },
  { name: 'compactor as adopted (compactedParquetOptions)', options: compactedParquetOptions },
  {
    name: 'GZIP 6, eventId SNAPPY',
    options: compactedParquetOptions,
    columns: perColumn('SNAPPY', ['eventId']),
  },
  {
    name: 'GZIP 6, dictionary on every string column',
    options: compactedParquetOptions,
    columns: (cs) =>
      cs.map((c) => (c.type === 'STRING' && c.name !== 'eventId' ? { ...c, encoding: 'RLE_DICTIONARY' } : c)),
  },
  {
    name: 'GZIP 6, DELTA_BYTE_ARRAY eventId and userId',
    options: compactedParquetOptions,
    columns: (cs) =>
      cs.map((c) =>
        c.name === 'eventId' || c.name === 'userId' ? { ...c, encoding: 'DELTA_BYTE_ARRAY' } : c,
      ),
  },
  { name: 'GZIP 6, 64 KB pages', options: { ...compactedParquetOptions, pageSize: 65_536 } },
  { name: 'GZIP 6, 8 MB pages', options: { ...compactedParquetOptions, pageSize: 8_388_608 } },
  { name: 'GZIP 6, 2,000-row groups', options: { ...compactedParquetOptions, rowGroupSize: 2_000 } },
];

const batch = records(Number(args.batch));
const compacted = records(Number(args.compacted));
const dir = tmpdir();
console.log(
  `${'settings'.padEnd(52)}${'B/event 500'.padStart(12)}${'ms/1k ev'.padStart(10)}${'B/event 10k'.padStart(13)}${'ms/1k ev'.padStart(10)}`,
);
const files = new Map<string, string>();
// JIT warm-up of the writer before anything is timed.
for (let i = 0; i < 5; i++) parquetWriteBuffer({ columnData: curatedColumns(eventsDatasetSchema, batch) });
for (const v of variants) {
  const row = [v.name.padEnd(52)];
  for (const [label, recs] of [
    ['batch', batch],
    ['compacted', compacted],
  ] as const) {
    const columns = (v.columns ?? ((c) => c))(curatedColumns(eventsDatasetSchema, recs));
    // The compactor's row groups (100,000 rows) unless the variant sets its own.
    const options = label === 'compacted' ? { rowGroupSize: 100_000, ...v.options } : v.options;
    parquetWriteBuffer({ columnData: columns, ...options }); // warm-up
    const t0 = performance.now();
    const runs = label === 'batch' ? 10 : 2;
    let bytes = new Uint8Array();
    for (let i = 0; i < runs; i++)
      bytes = new Uint8Array(parquetWriteBuffer({ columnData: columns, ...options }));
    const ms = (performance.now() - t0) / runs;
    row.push((bytes.byteLength / recs.length).toFixed(1).padStart(label === 'batch' ? 12 : 13));
    row.push(((ms / recs.length) * 1000).toFixed(1).padStart(10));
    const path = join(dir, `nexus-parquet-${variants.indexOf(v)}-${label}.parquet`);
    await writeFile(path, bytes);
    files.set(`${v.name}/${label}`, path);
  }
  console.log(row.join(''));
}

// DuckDB as a reference for codecs the JavaScript writer has no compressor for here (ZSTD).
const duck = await (await DuckDBInstance.create(':memory:')).connect();
const snappyCompacted = files.get(`${variants[0]?.name}/compacted`) ?? '';
const snappyBatch = files.get(`${variants[0]?.name}/batch`) ?? '';
for (const [codec, level] of [
  ['zstd', 1],
  ['zstd', 3],
  ['zstd', 9],
  ['zstd', 19],
  ['gzip', undefined],
] as const) {
  const out = (label: string) => join(dir, `nexus-duck-${codec}-${level ?? ''}-${label}.parquet`);
  const sizes: string[] = [];
  for (const [label, source, n] of [
    ['batch', snappyBatch, batch.length],
    ['compacted', snappyCompacted, compacted.length],
  ] as const) {
    await duck.run(
      `COPY (SELECT * FROM read_parquet('${source}')) TO '${out(label)}' (FORMAT parquet, COMPRESSION ${codec}${level === undefined ? '' : `, COMPRESSION_LEVEL ${level}`})`,
    );
    const reader = await duck.runAndReadAll(
      `SELECT sum(total_compressed_size) AS b FROM parquet_metadata('${out(label)}')`,
    );
    sizes.push((Number(reader.getRowObjects()[0]?.['b']) / n).toFixed(1));
  }
  console.log(
    `${`reference: DuckDB ${codec}${level === undefined ? '' : ` level ${level}`} (column chunks only)`.padEnd(52)}${(sizes[0] ?? '').padStart(12)}${''.padStart(10)}${(sizes[1] ?? '').padStart(13)}`,
  );
}

console.log('');
console.log('compacted file, bytes per event by column (SNAPPY -> as adopted):');
const byColumn = async (path: string) => {
  const reader = await duck.runAndReadAll(
    `SELECT path_in_schema AS c, sum(total_compressed_size) AS b, sum(total_uncompressed_size) AS u, any_value(encodings) AS e FROM parquet_metadata('${path}') GROUP BY 1 ORDER BY 2 DESC`,
  );
  return reader.getRowObjects().map((r) => ({
    column: String(r['c']),
    bytes: Number(r['b']),
    plain: Number(r['u']),
    encodings: String(r['e']),
  }));
};
const before = await byColumn(snappyCompacted);
const after = new Map(
  (await byColumn(files.get(`${variants[5]?.name}/compacted`) ?? '')).map((c) => [c.column, c]),
);
for (const c of before)
  console.log(
    `  ${c.column.padEnd(16)}${(c.plain / compacted.length).toFixed(1).padStart(8)} B uncompressed  ${(c.bytes / compacted.length).toFixed(1).padStart(7)} -> ${((after.get(c.column)?.bytes ?? 0) / compacted.length).toFixed(1).padStart(7)}  (${c.encodings})`,
  );
