/**
 * SqlParser on DuckDB's own parser (`json_serialize_sql`), so the guard sees the statement
 * exactly as the DuckDB engine will. The parsing database is in-memory, has external access
 * off and its configuration locked; the SQL is bound as a parameter, never spliced in.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ParsedSql, SqlParser } from '../../ports/sql-parser';

/** DuckDB's parser messages quote the offending text after "LINE n:"; only the first line is kept. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

export class DuckDbSqlParser implements SqlParser {
  private connection: Promise<DuckDBConnection> | undefined;

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= (async () => {
      // Loaded on first use: the module is native and kept out of Lambda bundles.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      const connection = await instance.connect();
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
      return connection;
    })();
    return this.connection;
  }

  async parse(sql: string): Promise<ParsedSql> {
    const connection = await this.connect();
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
    const cell = reader.getRows()[0]?.[0];
    const tree: unknown = JSON.parse(String(cell));
    if (typeof tree === 'object' && tree !== null && 'error' in tree && tree.error === true) {
      const message = 'error_message' in tree ? String(tree.error_message) : 'The SQL could not be parsed';
      // DuckDB serializes only SELECT statements; anything else parses but is refused here.
      if (/only select statements/i.test(message)) return { ok: false, reason: 'not-select', message };
      return { ok: false, reason: 'syntax', message: firstLine(message) };
    }
    return { ok: true, tree };
  }
}
