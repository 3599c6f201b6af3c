/**
 * The local QueryEngine: DuckDB over the lake's Parquet files on disk (the S3 stand-in keeps
 * objects as plain files). Each query gets a fresh in-memory database that holds one view per
 * dataset of the tenant, reading only that tenant's directories; external access is then
 * switched off and the configuration locked, so the query itself can open no other file.
 * Results are stored in the query-results bucket, as Athena does.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CURATED_ZONE, datasetPrefix } from '../../domain/lake/lake-layout';
import { InvalidPageTokenError } from '../../domain/query/run-query';
import type { ObjectStore } from '../../ports/object-store';
import type {
  QueryColumn,
  QueryEngine,
  QueryExecution,
  QueryPage,
  TenantTables,
} from '../../ports/query-engine';

export interface DuckDbQueryEngineOptions {
  /** Directory holding the S3 stand-in's buckets. */
  readonly lakeDir: string;
  readonly curatedBucket: string;
  readonly resultsBucket: string;
  /** @default 10_000 */
  readonly maxResultRows?: number;
  /** @default 25_000 */
  readonly timeoutMs?: number;
}

interface StoredResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly unknown[])[];
  readonly truncated: boolean;
}

const integerTypes = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT', 'INTEGER', 'SMALLINT', 'TINYINT']);
const sqlTypeOf: Record<string, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  object: 'VARCHAR',
};
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** s3rver keeps each object's bytes in `<key>._S3rver_object` beside a metadata file. */
const objectSuffix = '.parquet._S3rver_object';

function hasFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith(objectSuffix));
}

export class DuckDbQueryEngine implements QueryEngine {
  constructor(
    private readonly objects: ObjectStore,
    private readonly options: DuckDbQueryEngineOptions,
  ) {}

  private resultKey(executionId: string): string {
    return `duckdb/${executionId}.json`;
  }

  async start(queryId: string, sql: string, scope: TenantTables): Promise<string> {
    const result = await this.run(sql, scope);
    await this.objects.put(
      this.options.resultsBucket,
      this.resultKey(queryId),
      JSON.stringify(result),
      'application/json',
    );
    return queryId;
  }

  async status(executionId: string): Promise<QueryExecution> {
    const stored = await this.load(executionId);
    if (!stored) return { status: 'FAILED', error: 'The query result has expired' };
    return { status: stored.status, ...(stored.error ? { error: stored.error } : {}) };
  }

  async results(executionId: string, nextToken: string | undefined, maxRows: number): Promise<QueryPage> {
    const stored = await this.load(executionId);
    if (!stored) throw new Error(`no stored result for ${executionId}`);
    const offset =
      nextToken === undefined ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64url').toString(), 10);
    if (!Number.isInteger(offset) || offset < 0 || offset > stored.rows.length)
      throw new InvalidPageTokenError();
    const end = offset + maxRows;
    return {
      columns: stored.columns,
      rows: stored.rows.slice(offset, end),
      ...(end < stored.rows.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
    };
  }

  private async load(executionId: string): Promise<StoredResult | null> {
    const bytes = await this.objects.get(this.options.resultsBucket, this.resultKey(executionId));
    return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredResult) : null;
  }

  private async run(sql: string, scope: TenantTables): Promise<StoredResult> {
    // Loaded on first use: the module is native and local-only, and Lambda bundles keep it
    // external, so a static import would fail the cold start of the query function in AWS.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const connection = await instance.connect();
    const timer = setTimeout(() => connection.interrupt(), this.options.timeoutMs ?? 25_000);
    try {
      await this.sandbox(connection, scope);
      const maxRows = this.options.maxResultRows ?? 10_000;
      const reader = await connection.runAndReadAll(`SELECT * FROM (${sql}) AS q LIMIT ${maxRows + 1}`);
      const types = reader.columnTypes().map(String);
      const columns = reader.columnNames().map((name, i) => ({ name, type: types[i] ?? 'UNKNOWN' }));
      const rows = reader.getRowsJson().map((row) =>
        row.map((value, i) => {
          // DuckDB hands 64-bit integers over as strings; numbers are what clients expect.
          if (typeof value === 'string' && integerTypes.has(types[i] ?? '')) {
            const n = Number(value);
            return Number.isSafeInteger(n) ? n : value;
          }
          return value;
        }),
      );
      return { status: 'SUCCEEDED', columns, rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
    } catch (error) {
      return { status: 'FAILED', error: (error as Error).message, columns: [], rows: [], truncated: false };
    } finally {
      clearTimeout(timer);
      connection.closeSync();
      instance.closeSync();
    }
  }

  private async sandbox(connection: DuckDBConnection, scope: TenantTables): Promise<void> {
    const allowed: string[] = [];
    for (const [dataset, fields] of scope.tables) {
      const dir = join(
        this.options.lakeDir,
        this.options.curatedBucket,
        datasetPrefix(CURATED_ZONE, scope.tenantId, dataset),
      );
      if (hasFiles(dir)) {
        allowed.push(dir);
        await connection.run(
          `CREATE VIEW ${quoteIdent(dataset)} AS SELECT * EXCLUDE (tenant, dataset) FROM read_parquet(${quoteString(`${dir}**/*${objectSuffix}`)}, hive_partitioning = true, union_by_name = true)`,
        );
      } else {
        // An empty dataset is still a table with its columns, so queries bind the same way.
        const columns = [
          ...fields,
          { name: 'receivedAt', type: 'timestamp' },
          { name: 'schemaVersion', type: 'integer' },
        ]
          .map((f) => `CAST(NULL AS ${sqlTypeOf[f.type] ?? 'VARCHAR'}) AS ${quoteIdent(f.name)}`)
          .join(', ');
        await connection.run(`CREATE VIEW ${quoteIdent(dataset)} AS SELECT ${columns} WHERE false`);
      }
    }
    await connection.run(`SET allowed_directories = [${allowed.map(quoteString).join(', ')}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
  }
}
