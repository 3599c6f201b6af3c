/**
 * The SQL guard's parser for this runtime: DuckDB's own locally. Athena's dialect has no parser
 * that runs in Lambda; there the tenant-scoped credentials hold the boundary (infra/README.md).
 */
import { DuckDbSqlParser } from '../adapters/duckdb/duckdb-sql-parser';
import type { SqlParser } from '../ports/sql-parser';
import { type Runtime, runtime } from './runtime';

export function sqlParser(rt: Runtime = runtime()): SqlParser | null {
  return rt.config.queryEngine === 'athena' ? null : new DuckDbSqlParser();
}
