/**
 * Attack suite, SQL layer: the allow-list walks DuckDB's own syntax tree, so every trick that
 * fooled the old tokenizer (nested comments, dollar quotes, quoted or unicode names) is seen
 * exactly as the engine sees it. Each case is one class of escape from the tenant's datasets.
 */
import { describe, expect, it } from 'vitest';
import { DuckDbSqlParser } from '../../shared/adapters/duckdb/duckdb-sql-parser';
import { ValidationError } from '../../shared/domain/errors';
import { checkSelectTree } from '../../shared/domain/query/select-tree-guard';

const parser = new DuckDbSqlParser();
const tenantTables = ['events', 'orders'];

async function check(sql: string): Promise<void> {
  checkSelectTree(await parser.parse(sql), tenantTables);
}

async function refusal(sql: string): Promise<ValidationError> {
  try {
    await check(sql);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`accepted: ${sql}`);
}

describe('SQL guard on DuckDB parser: accepted analytics', () => {
  it.each([
    'SELECT count(*) FROM events',
    "select name, count(*) AS n FROM Events WHERE name LIKE 'c%' GROUP BY ALL ORDER BY n DESC LIMIT 5;",
    "WITH daily AS (SELECT date_trunc('day', receivedAt) AS d, count(*) n FROM events GROUP BY 1) SELECT * FROM daily",
    'SELECT e.name, o.total FROM events e JOIN orders o ON e.userId = o.userId',
    'SELECT name, row_number() OVER (PARTITION BY name ORDER BY receivedAt) FROM events QUALIFY 1 = 1',
    'SELECT list_transform([1, 2], x -> x + 1), {a: 1}.a, CAST(1 AS VARCHAR), EXISTS (SELECT 1 FROM orders)',
    'SELECT * FROM range(10) AS t(i) UNION ALL SELECT 1',
    "SELECT $$dollar ' quoted$$, 'it''s', E'esc\\'aped' FROM events",
    'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r',
  ])('accepts %s', async (sql) => {
    await expect(check(sql)).resolves.toBeUndefined();
  });
});

describe('SQL guard on DuckDB parser: refused', () => {
  it.each([
    // finding 1: DuckDB nests block comments; the old tokenizer ended at the first */
    ["SELECT 1 /* /* */ ' */ , current_setting('allowed_directories') /* ' */", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT 1 /* /* nested */ still comment */, getenv('HOME')", 'SQL_FORBIDDEN_FUNCTION'],
    // multiple statements, including the COPY that wrote into the curated zone
    ["SELECT 1; COPY (SELECT 1) TO '/tmp/x.parquet' (FORMAT parquet)", 'SQL_NOT_READ_ONLY'],
    ['SELECT 1; SELECT 2', 'SQL_MULTIPLE_STATEMENTS'],
    ["ATTACH '/tmp/x.db'", 'SQL_NOT_READ_ONLY'],
    ['PRAGMA database_list', 'SQL_NOT_READ_ONLY'],
    ["SET allowed_directories = ['/']", 'SQL_NOT_READ_ONLY'],
    ['INSTALL httpfs', 'SQL_NOT_READ_ONLY'],
    ['CREATE TABLE x AS SELECT 1', 'SQL_NOT_READ_ONLY'],
    ['DESCRIBE events', 'SQL_NOT_ALLOWED'],
    ['SHOW TABLES', 'SQL_NOT_ALLOWED'],
    // replacement scans on files, by string or quoted name
    ["SELECT * FROM '/etc/passwd'", 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM "/etc/passwd"', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM "events.parquet"', 'SQL_FORBIDDEN_REFERENCE'],
    ["FROM 'x.csv'", 'SQL_FORBIDDEN_REFERENCE'],
    // table functions
    ["SELECT * FROM read_parquet('/lake/**')", 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT * FROM "read_csv"(\'x\')', 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT * FROM duckdb_settings()', 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT * FROM glob('/*')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT * FROM query('SELECT 1')", 'SQL_FORBIDDEN_FUNCTION'],
    // catalog views and qualified names
    ['SELECT * FROM sqlite_master', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM duckdb_databases', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM information_schema.tables', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM main.events', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM memory.main.events', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM "ＥＶＥＮＴＳ"', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM other_tenant_dataset', 'SQL_FORBIDDEN_REFERENCE'],
    // scalar functions that read settings, files or the environment, in any spelling
    ["SELECT current_setting('allowed_directories')", 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT "current_setting"(\'threads\')', 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT main.getenv('HOME')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT system.main.lower('x')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT read_text('/etc/passwd')", 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT version()', 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT getvariable('x')", 'SQL_FORBIDDEN_FUNCTION'],
    // a CTE name is a table only where it is in scope; elsewhere it would be a file path
    ['SELECT * FROM (WITH "/etc/passwd" AS (SELECT 1) SELECT 1), "/etc/passwd"', 'SQL_FORBIDDEN_REFERENCE'],
    // parameters have no value to bind
    ['SELECT $1', 'SQL_NOT_ALLOWED'],
    ['SELEC 1', 'SQL_SYNTAX'],
  ])('refuses %s', async (sql, code) => {
    const error = await refusal(sql);
    expect(error.code).toBe(code);
    expect(error.details[0]?.path).toBe('sql');
  });

  it('names the position in the tenant text, never an internal wrapper', async () => {
    const error = await refusal("SELECT count(*) FROM events, read_csv('x')");
    expect(error.details[0]?.message).toMatch(/at character 30/);
    expect(JSON.stringify(error.details)).not.toMatch(/LIMIT 10001|AS q/);
  });
});
