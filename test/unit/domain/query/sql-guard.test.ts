import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/errors';
import { guardSql, maxSqlLength, tokenize } from '../../../../shared/domain/query/sql-guard';

function rejection(sql: string): ValidationError {
  try {
    guardSql(sql);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected the guard to reject: ${sql}`);
}

describe('guardSql', () => {
  it.each([
    ['SELECT * FROM events', 'SELECT * FROM events'],
    ['  select name, count(*) from events group by 1  ', 'select name, count(*) from events group by 1'],
    ['WITH a AS (SELECT 1 AS n) SELECT * FROM a', 'WITH a AS (SELECT 1 AS n) SELECT * FROM a'],
    ['SELECT 1;', 'SELECT 1'],
    ['SELECT 1 ; -- done', 'SELECT 1'],
    ['select * from events -- ; drop', 'select * from events -- ; drop'],
    ['/* header */ SELECT 1', '/* header */ SELECT 1'],
  ])('accepts a read-only query: %s', (sql, expected) => {
    // Act
    const checked = guardSql(sql);

    // Assert
    expect(checked).toBe(expected);
  });

  it.each([
    "SELECT 'drop table x; delete' AS s FROM events",
    'SELECT "insert", "update" FROM events',
    "SELECT * FROM events WHERE name = 'read_parquet(''x'')'",
    'SELECT $$ drop table x; $$ AS s FROM events',
    'SELECT * FROM events /* drop; insert into x */',
    "SELECT * FROM events e JOIN users u ON e.userId = u.id AND u.plan = 'pro'",
    "SELECT 'a', 'b' FROM events WHERE name IN ('a', 'b') ORDER BY 1, 2",
    "WITH a AS (SELECT 1 FROM events), b AS (SELECT 'x', 'y') SELECT * FROM a, b",
    "SELECT * FROM events UNION ALL SELECT 'a', 'b', 'c'",
    'SELECT e.name FROM events AS e, users AS "my users"',
    "SELECT lower(name), json_extract(properties, '$.plan') FROM events",
  ])('does not trigger on keywords in strings, quoted names or comments: %s', (sql) => {
    // Act / Assert
    expect(() => guardSql(sql)).not.toThrow();
  });

  it.each([
    ['select 1; drop table x', 'SQL_MULTIPLE_STATEMENTS'],
    ['SELECT 1;;', 'SQL_MULTIPLE_STATEMENTS'],
    ['SELECT 1; SELECT 2', 'SQL_MULTIPLE_STATEMENTS'],
    ['DROP TABLE events', 'SQL_NOT_READ_ONLY'],
    ['INSERT INTO events VALUES (1)', 'SQL_NOT_READ_ONLY'],
    ['SELECT * INTO copy FROM events', 'SQL_NOT_READ_ONLY'],
    ['WITH d AS (DELETE FROM events) SELECT 1', 'SQL_NOT_READ_ONLY'],
    ['(SELECT 1)', 'SQL_NOT_READ_ONLY'],
    ['FROM events', 'SQL_NOT_READ_ONLY'],
    ['SET threads = 1', 'SQL_NOT_READ_ONLY'],
    ['PRAGMA version', 'SQL_NOT_READ_ONLY'],
    ['SELECT 1 FROM events; ATTACH ":memory:" AS x', 'SQL_MULTIPLE_STATEMENTS'],
    ["SELECT * FROM read_parquet('s3://lake/*')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT * FROM READ_CSV_AUTO ('/etc/passwd')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT * FROM glob('/*')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT getenv('HOME')", 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT * FROM query('select 1')", 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT * FROM duckdb_settings()', 'SQL_FORBIDDEN_FUNCTION'],
    ["SELECT * FROM 'x.parquet'", 'SQL_FORBIDDEN_REFERENCE'],
    ["SELECT * FROM events JOIN 's3://other/x.csv' ON true", 'SQL_FORBIDDEN_REFERENCE'],
    ["WITH a AS (FROM 'x.parquet') SELECT * FROM a", 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM information_schema.tables', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM main.events', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM AwsDataCatalog.nexus.events', 'SQL_FORBIDDEN_REFERENCE'],
    ['', 'SQL_EMPTY'],
    ['  -- only a comment', 'SQL_EMPTY'],
    [';', 'SQL_NOT_READ_ONLY'],
    ["SELECT 'unterminated", 'SQL_SYNTAX'],
    ['SELECT 1 /* unterminated', 'SQL_SYNTAX'],
  ])('rejects %s with %s', (sql, code) => {
    // Act
    const error = rejection(sql);

    // Assert
    expect(error.code).toBe(code);
    expect(error.details[0]?.path).toBe('sql');
  });

  // Each of these ran against DuckDB before the guard was fixed: they read a file or a catalog.
  it.each([
    [
      'a quoted function name',
      `SELECT * FROM "read_parquet"('/lake/other-tenant/x.parquet')`,
      'SQL_FORBIDDEN_FUNCTION',
    ],
    ['a quoted schema', 'SELECT * FROM "information_schema".tables', 'SQL_FORBIDDEN_REFERENCE'],
    ['a quoted main schema', 'SELECT * FROM "main"."events"', 'SQL_FORBIDDEN_REFERENCE'],
    ['a path after a comma in FROM', "SELECT * FROM events, '/lake/x.parquet'", 'SQL_FORBIDDEN_REFERENCE'],
    [
      'a path after ON ... ,',
      "SELECT * FROM events e JOIN u ON e.a = u.b, '/x.csv'",
      'SQL_FORBIDDEN_REFERENCE',
    ],
    ['a path after a subquery', "SELECT * FROM (SELECT 1 FROM events) t, 'x.csv'", 'SQL_FORBIDDEN_REFERENCE'],
    ['a quoted identifier that is a path', 'SELECT * FROM "/lake/x.parquet"', 'SQL_FORBIDDEN_REFERENCE'],
    ['a dollar-quoted path', 'SELECT * FROM $$/lake/x.parquet$$', 'SQL_FORBIDDEN_REFERENCE'],
    ['an escape-string path', "SELECT * FROM E'/lake/x.parquet'", 'SQL_FORBIDDEN_REFERENCE'],
    [
      'a call hidden by a dollar quote',
      "SELECT $$'$$, * FROM read_parquet('/x') --'",
      'SQL_FORBIDDEN_FUNCTION',
    ],
    [
      'a call hidden by an E-string escape',
      "SELECT E'\\'', * FROM read_parquet('/x') --'",
      'SQL_FORBIDDEN_FUNCTION',
    ],
  ])('rejects %s', (_name, sql, code) => {
    // Act
    const error = rejection(sql);

    // Assert
    expect(error.code).toBe(code);
    expect(error.details[0]?.path).toBe('sql');
  });

  it('names the position of the offending token', () => {
    // Act
    const error = rejection('SELECT * FROM events; DROP TABLE events');

    // Assert
    expect(error.details[0]?.message).toContain('at character 21');
  });

  it('rejects SQL longer than the limit', () => {
    // Arrange
    const sql = `SELECT ${'1'.padEnd(maxSqlLength, ' ')}`;

    // Act
    const error = rejection(sql);

    // Assert
    expect(error.code).toBe('SQL_TOO_LONG');
  });
});

describe('tokenize', () => {
  it('skips comments and keeps strings, quoted names, words, numbers and symbols apart', () => {
    // Act
    const tokens = tokenize(`SELECT "a""b", 'it''s', 1.5e3 -- note\nFROM /* c */ t`);

    // Assert
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['word', 'SELECT'],
      ['quoted', 'a"b'],
      ['symbol', ','],
      ['string', "it's"],
      ['symbol', ','],
      ['number', '1.5e3'],
      ['word', 'FROM'],
      ['word', 't'],
    ]);
  });

  it('reads dollar-quoted and escape strings as strings', () => {
    // Act
    const tokens = tokenize("SELECT $tag$ x $$ y $tag$, E'a\\'b'");

    // Assert
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual([' x $$ y ', "a\\'b"]);
  });
});
