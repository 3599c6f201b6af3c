import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { encodeParquet, type LakeRecord } from '../../../../shared/domain/lake/parquet-file';

const schema: DatasetSchema = {
  dataset: 'orders',
  version: 3,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'sku', type: 'string', required: true },
    { name: 'total', type: 'number', required: false },
    { name: 'quantity', type: 'integer', required: false },
    { name: 'gift', type: 'boolean', required: false },
    { name: 'placedAt', type: 'timestamp', required: false },
    { name: 'meta', type: 'object', required: false },
  ],
};

const records: LakeRecord[] = [
  {
    eventId: 'e-1',
    receivedAt: '2026-03-04T05:06:07.000Z',
    schemaVersion: 3,
    data: {
      sku: 'A-1',
      total: 12.5,
      quantity: 3,
      gift: true,
      placedAt: '2026-03-04T05:00:00.000Z',
      meta: { channel: 'web', tags: ['a', 'b'] },
    },
  },
  {
    eventId: 'e-2',
    receivedAt: '2026-03-04T05:06:08.500Z',
    schemaVersion: 3,
    data: { sku: 'B-2', total: 7 },
  },
];

async function readBack(bytes: Uint8Array, sql: string) {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.parquet`);
  await writeFile(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql.replace('$file', `'${file}'`));
    return {
      types: reader.columnTypes().map(String),
      names: reader.columnNames(),
      rows: reader.getRowsJson(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nexus-parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encodeParquet', () => {
  it('writes one column per field plus receivedAt and schemaVersion, typed for SQL', async () => {
    // Act
    const bytes = encodeParquet(schema, records);

    // Assert
    const { names, types } = await readBack(bytes, 'SELECT * FROM read_parquet($file)');
    expect(names).toEqual([
      'eventId',
      'sku',
      'total',
      'quantity',
      'gift',
      'placedAt',
      'meta',
      'receivedAt',
      'schemaVersion',
    ]);
    expect(types).toEqual([
      'VARCHAR',
      'VARCHAR',
      'DOUBLE',
      'BIGINT',
      'BOOLEAN',
      'TIMESTAMP',
      'VARCHAR',
      'TIMESTAMP',
      'INTEGER',
    ]);
  });

  it('stores the values, nulls for missing optional fields and JSON text for objects', async () => {
    // Act
    const bytes = encodeParquet(schema, records);

    // Assert
    const { rows } = await readBack(
      bytes,
      `SELECT eventId, sku, total, quantity, gift, strftime(placedAt, '%Y-%m-%dT%H:%M:%S'), meta::VARCHAR,
              strftime(receivedAt, '%Y-%m-%dT%H:%M:%S.%g'), schemaVersion
       FROM read_parquet($file) ORDER BY eventId`,
    );
    expect(rows[0]).toEqual([
      'e-1',
      'A-1',
      12.5,
      '3',
      true,
      '2026-03-04T05:00:00',
      expect.any(String),
      '2026-03-04T05:06:07.000',
      3,
    ]);
    expect(JSON.parse(rows[0]?.[6] as string)).toEqual({ channel: 'web', tags: ['a', 'b'] });
    expect(rows[1]).toEqual(['e-2', 'B-2', 7, null, null, null, null, '2026-03-04T05:06:08.500', 3]);
  });

  it('lets SQL use JSON text of objects with the JSON functions', async () => {
    // Act
    const bytes = encodeParquet(schema, records);

    // Assert
    const { rows } = await readBack(
      bytes,
      `SELECT json_extract_string(meta, '$.channel') FROM read_parquet($file) WHERE eventId = 'e-1'`,
    );
    expect(rows).toEqual([['web']]);
  });
});
