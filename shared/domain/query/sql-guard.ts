/**
 * Checks that tenant SQL is one read-only query that names no files, catalogs or engine
 * internals. It works on tokens, not a full grammar: it is the first of two fences, the second
 * being the engine's own sandbox (DuckDB: external access limited to the tenant's lake
 * directories; Athena: the tenant's tables injected as CTEs in a locked-down workgroup).
 * A hand-written tokenizer is used because no maintained SQL parser covers both DuckDB's and
 * Athena's (Trino's) dialects.
 */
import { ValidationError } from '../errors';

export const maxSqlLength = 100_000;

type Token = { kind: 'word' | 'quoted' | 'string' | 'symbol' | 'number'; text: string; at: number };

const forbiddenWords = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'create',
  'drop',
  'alter',
  'truncate',
  'copy',
  'attach',
  'detach',
  'pragma',
  'set',
  'reset',
  'install',
  'load',
  'call',
  'export',
  'import',
  'grant',
  'revoke',
  'vacuum',
  'checkpoint',
  'use',
  'execute',
  'prepare',
  'deallocate',
  'unload',
  'msck',
  'refresh',
  'begin',
  'commit',
  'rollback',
  'into',
]);
const forbiddenFunction =
  /^(read_|scan_|parquet_|sniff_|iceberg_|delta_|sqlite_|postgres_|mysql_|duckdb_|pragma_|glob$|query$|query_table$|getenv$|current_setting$|which_secret$|load_aws|http|arrow_scan|json_execute)/i;
const forbiddenSchemas = new Set([
  'information_schema',
  'pg_catalog',
  'main',
  'system',
  'temp',
  'memory',
  'awsdatacatalog',
]);

/** Words that end a FROM clause at their parenthesis depth. */
const clauseAfterFrom = new Set([
  'select',
  'where',
  'group',
  'having',
  'window',
  'qualify',
  'order',
  'limit',
  'offset',
  'fetch',
  'union',
  'intersect',
  'except',
]);

function fail(code: string, message: string, at: number): never {
  throw new ValidationError(code, message, [{ path: 'sql', message: `${message} (at character ${at + 1})` }]);
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) i++;
    else if (sql.startsWith('--', i)) i = sql.indexOf('\n', i) === -1 ? sql.length : sql.indexOf('\n', i);
    else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) fail('SQL_SYNTAX', 'Unterminated comment', i);
      i = end + 2;
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i))) {
      // DuckDB's dollar-quoted string: $$...$$ or $tag$...$tag$.
      const delimiter = (/^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i)) as RegExpExecArray)[0];
      const end = sql.indexOf(delimiter, i + delimiter.length);
      if (end === -1) fail('SQL_SYNTAX', 'Unterminated quote', i);
      tokens.push({ kind: 'string', text: sql.slice(i + delimiter.length, end), at: i });
      i = end + delimiter.length;
    } else if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      // DuckDB's escape string E'...', where a backslash escapes the next character (\').
      let j = i + 2;
      for (;;) {
        if (j >= sql.length) fail('SQL_SYNTAX', 'Unterminated quote', i);
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      tokens.push({ kind: 'string', text: sql.slice(i + 2, j), at: i });
      i = j + 1;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) fail('SQL_SYNTAX', 'Unterminated quote', i);
        if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j++;
      }
      tokens.push({
        kind: c === "'" ? 'string' : 'quoted',
        text: sql.slice(i + 1, j).replaceAll(c + c, c),
        at: i,
      });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9.eE_]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0], at: i });
      i += m[0].length;
    } else {
      tokens.push({ kind: 'symbol', text: c, at: i });
      i++;
    }
  }
  return tokens;
}

/** Returns the query without a trailing semicolon, or throws a ValidationError naming the problem. */
export function guardSql(sql: string): string {
  if (sql.length > maxSqlLength)
    fail('SQL_TOO_LONG', `SQL is longer than ${maxSqlLength} characters`, maxSqlLength);
  const tokens = tokenize(sql);
  if (tokens.length === 0) fail('SQL_EMPTY', 'SQL is empty', 0);
  const last = tokens[tokens.length - 1] as Token;
  const body = last.kind === 'symbol' && last.text === ';' ? tokens.slice(0, -1) : tokens;
  const first = body[0];
  if (first?.kind !== 'word' || !['select', 'with'].includes(first.text.toLowerCase())) {
    fail('SQL_NOT_READ_ONLY', 'Only a SELECT (or WITH ... SELECT) query is allowed', first?.at ?? 0);
  }
  // Per parenthesis depth: whether the tokens are in a FROM clause, where a comma separates tables.
  const inFrom: boolean[] = [false];
  body.forEach((token, index) => {
    const next = body[index + 1];
    const prev = body[index - 1];
    const depth = inFrom.length - 1;
    if (token.kind === 'symbol' && token.text === ';')
      fail('SQL_MULTIPLE_STATEMENTS', 'Only one statement is allowed', token.at);
    if (token.kind === 'symbol' && token.text === '(') inFrom.push(false);
    if (token.kind === 'symbol' && token.text === ')' && depth > 0) inFrom.pop();
    const tablePosition =
      (prev?.kind === 'word' && /^(from|join)$/i.test(prev.text)) ||
      (prev?.kind === 'symbol' && prev.text === ',' && inFrom[depth] === true);
    // DuckDB reads a string, or a quoted name that looks like a path, in table position as a file.
    if (
      tablePosition &&
      (token.kind === 'string' || (token.kind === 'quoted' && /[./\\:]/.test(token.text)))
    ) {
      fail('SQL_FORBIDDEN_REFERENCE', 'Tables are referenced by name, not by path', token.at);
    }
    if (token.kind !== 'word' && token.kind !== 'quoted') return;
    const lower = token.text.toLowerCase();
    // A quoted identifier may spell a keyword, but it still names a function or schema.
    if (token.kind === 'word') {
      if (forbiddenWords.has(lower))
        fail('SQL_NOT_READ_ONLY', `"${token.text}" is not allowed in a read-only query`, token.at);
      if (lower === 'from') inFrom[depth] = true;
      else if (clauseAfterFrom.has(lower)) inFrom[depth] = false;
    }
    if (next?.kind === 'symbol' && next.text === '(' && forbiddenFunction.test(lower)) {
      fail('SQL_FORBIDDEN_FUNCTION', `Function "${token.text}" is not allowed`, token.at);
    }
    if (next?.kind === 'symbol' && next.text === '.' && forbiddenSchemas.has(lower)) {
      fail('SQL_FORBIDDEN_REFERENCE', `Schema "${token.text}" is not accessible`, token.at);
    }
  });
  return sql.slice(0, last.kind === 'symbol' && last.text === ';' ? last.at : sql.length).trim();
}
