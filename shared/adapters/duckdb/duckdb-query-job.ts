/**
 * Runs one tenant query in a fresh DuckDB database (inside a pool worker process): one thread,
 * a memory limit, views over the tenant's own lake folders only, external access off and the
 * configuration locked, then exactly one prepared statement whose rows are streamed under the
 * row and byte limits.
 */
import { queryLimitCodes } from '../../domain/query/query-limits';
import type { QueryColumn } from '../../ports/query-engine';

export interface QueryJob {
  readonly sql: string;
  /** `CREATE VIEW` statements for the tenant's datasets, written by the engine, not the tenant. */
  readonly views: readonly string[];
  readonly allowedDirectories: readonly string[];
  /** Host paths (the lake's root) cut out of error messages before the tenant sees them. */
  readonly hiddenPaths: readonly string[];
  readonly memoryBytes: number;
  readonly timeoutMs: number;
  readonly maxResultRows: number;
  readonly maxResultBytes: number;
}

export type QueryJobResult =
  | {
      readonly status: 'SUCCEEDED';
      readonly columns: readonly QueryColumn[];
      readonly rows: readonly (readonly unknown[])[];
      readonly truncated: boolean;
    }
  | { readonly status: 'FAILED'; readonly error: { readonly code: string; readonly message: string } };

const integerTypes = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT', 'INTEGER', 'SMALLINT', 'TINYINT']);
const quoteString = (value: string) => `'${value.replaceAll("'", "''")}'`;

class LimitReached extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function failure(error: unknown, timedOut: boolean, job: QueryJob): QueryJobResult {
  if (error instanceof LimitReached)
    return { status: 'FAILED', error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  if (timedOut) {
    return {
      status: 'FAILED',
      error: {
        code: queryLimitCodes.timeout,
        message: `The query ran longer than ${job.timeoutMs / 1000} s`,
      },
    };
  }
  if (/out of memory/i.test(message)) {
    return {
      status: 'FAILED',
      error: {
        code: queryLimitCodes.memory,
        message: `The query needed more than ${job.memoryBytes} bytes of memory`,
      },
    };
  }
  // Engine messages may name the lake's folders; the tenant sees no host paths.
  let safe = message;
  for (const dir of job.hiddenPaths) safe = safe.replaceAll(dir, '<lake>');
  return { status: 'FAILED', error: { code: 'QUERY_FAILED', message: safe } };
}

export async function runQueryJob(job: QueryJob): Promise<QueryJobResult> {
  const { DuckDBInstance, JsonDuckDBValueConverter } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: `${Math.floor(job.memoryBytes / 1024 ** 2)}MiB`,
    // Spilling to disk would write outside the sandbox; a query over its memory fails instead.
    temp_directory: '',
  });
  const connection = await instance.connect();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, job.timeoutMs);
  try {
    for (const view of job.views) await connection.run(view);
    await connection.run(`SET allowed_directories = [${job.allowedDirectories.map(quoteString).join(', ')}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
    // prepare() refuses a text holding more than one statement: a script never reaches the engine.
    const prepared = await connection.prepare(job.sql);
    const result = await prepared.stream();
    const types = result.columnTypes().map(String);
    const columns = result.columnNames().map((name, i) => ({ name, type: types[i] ?? 'UNKNOWN' }));
    const rows: unknown[][] = [];
    let bytes = 0;
    let truncated = false;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      for (let r = 0; r < chunk.rowCount; r++) {
        if (rows.length === job.maxResultRows) {
          truncated = true;
          break;
        }
        const row = chunk.convertRowValues(r, JsonDuckDBValueConverter).map((value, i) => {
          // DuckDB hands 64-bit integers over as strings; numbers are what clients expect.
          if (typeof value === 'string' && integerTypes.has(types[i] ?? '')) {
            const n = Number(value);
            return Number.isSafeInteger(n) ? n : value;
          }
          return value;
        });
        bytes += JSON.stringify(row).length;
        if (bytes > job.maxResultBytes) {
          throw new LimitReached(
            queryLimitCodes.resultBytes,
            `The result is larger than ${job.maxResultBytes} bytes`,
          );
        }
        rows.push(row);
      }
      if (truncated) break;
    }
    return { status: 'SUCCEEDED', columns, rows, truncated };
  } catch (error) {
    return failure(error, timedOut, job);
  } finally {
    clearTimeout(timer);
    // Closing frees the database (tens of ms): after the answer is on its way, not before it.
    setImmediate(() => {
      connection.closeSync();
      instance.closeSync();
    });
  }
}
