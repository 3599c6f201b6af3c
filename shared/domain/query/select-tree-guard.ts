/**
 * Walks the engine's own syntax tree of a tenant query (DuckDB's `json_serialize_sql` shape)
 * against an allow-list: exactly one SELECT, only listed functions and expression kinds, and
 * table references only to the tenant's tables or CTEs in scope. Whatever the tree holds that
 * the list does not name is refused, so a new engine feature is closed until someone opens it.
 */
import type { ParsedSql } from '../../ports/sql-parser';
import { ValidationError } from '../errors';

/** Scalar, aggregate and window functions a tenant query may call (lower case, DuckDB names). */
const allowedFunctions = new Set(
  [
    // operators that the parser turns into function calls
    ...['+', '-', '*', '/', '//', '%', '^', '**', '||', '&', '|', '<<', '>>', '~', '!'],
    ...['~~', '!~~', '~~*', '!~~*', '~~~', '!~~~', 'like_escape', 'ilike_escape', 'not_like_escape'],
    ...['->', '->>', '@>', '<@', '&&'],
    // numbers
    ...[
      'abs',
      'ceil',
      'ceiling',
      'floor',
      'round',
      'trunc',
      'sqrt',
      'cbrt',
      'exp',
      'ln',
      'log',
      'log2',
      'log10',
    ],
    ...['pow', 'power', 'sign', 'mod', 'greatest', 'least', 'isnan', 'isinf', 'isfinite', 'pi', 'degrees'],
    ...['radians', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'factorial', 'gcd', 'lcm', 'even'],
    ...['random', 'setseed', 'bit_count', 'xor', 'round_even', 'gamma', 'lgamma'],
    // text
    ...['lower', 'upper', 'lcase', 'ucase', 'length', 'len', 'strlen', 'char_length', 'character_length'],
    ...['substr', 'substring', 'trim', 'ltrim', 'rtrim', 'replace', 'concat', 'concat_ws', 'strpos', 'instr'],
    ...['position', 'starts_with', 'ends_with', 'prefix', 'suffix', 'contains', 'left', 'right', 'lpad'],
    ...['rpad', 'repeat', 'reverse', 'split_part', 'string_split', 'str_split', 'string_to_array', 'ascii'],
    ...[
      'chr',
      'regexp_matches',
      'regexp_replace',
      'regexp_extract',
      'regexp_extract_all',
      'regexp_full_match',
    ],
    ...[
      'regexp_split_to_array',
      'like',
      'ilike',
      'glob',
      'format',
      'printf',
      'md5',
      'sha1',
      'sha256',
      'hash',
    ],
    ...['levenshtein', 'jaro_winkler_similarity', 'damerau_levenshtein', 'hamming', 'jaccard', 'initcap'],
    ...['translate', 'to_base64', 'from_base64', 'url_encode', 'url_decode', 'uuid', 'gen_random_uuid'],
    ...['nfc_normalize', 'strip_accents', 'unicode', 'ord', 'array_to_string', 'list_aggregate'],
    // dates and times
    ...['date_trunc', 'datetrunc', 'date_part', 'datepart', 'extract', 'date_diff', 'datediff', 'date_sub'],
    ...['datesub', 'date_add', 'epoch', 'epoch_ms', 'epoch_us', 'epoch_ns', 'to_timestamp', 'make_date'],
    ...['make_time', 'make_timestamp', 'strftime', 'strptime', 'try_strptime', 'now', 'current_date'],
    ...['current_time', 'current_timestamp', 'get_current_timestamp', 'today', 'year', 'month', 'day'],
    ...['hour', 'minute', 'second', 'millisecond', 'microsecond', 'dayofweek', 'dayofmonth', 'dayofyear'],
    ...['week', 'weekofyear', 'weekday', 'isodow', 'isoyear', 'quarter', 'yearweek', 'dayname', 'monthname'],
    ...[
      'last_day',
      'time_bucket',
      'age',
      'to_days',
      'to_hours',
      'to_minutes',
      'to_seconds',
      'to_milliseconds',
    ],
    ...[
      'to_years',
      'to_months',
      'to_weeks',
      'timezone',
      'century',
      'decade',
      'era',
      'julian',
      'generate_series',
    ],
    ...['range'],
    // lists, structs, maps, JSON values
    ...[
      'list_value',
      'list_pack',
      'struct_pack',
      'row',
      'struct_extract',
      'struct_extract_at',
      'list_extract',
    ],
    ...['array_extract', 'list_element', 'list_slice', 'array_slice', 'list_contains', 'array_contains'],
    ...['list_has', 'list_position', 'list_concat', 'array_concat', 'list_sort', 'array_sort'],
    ...[
      'list_reverse_sort',
      'list_distinct',
      'array_distinct',
      'list_unique',
      'list_transform',
      'array_transform',
    ],
    ...['list_filter', 'array_filter', 'list_reduce', 'array_reduce', 'list_sum', 'list_avg', 'list_min'],
    ...['list_max', 'list_count', 'array_length', 'len', 'flatten', 'unnest', 'map', 'map_extract'],
    ...['map_keys', 'map_values', 'element_at', 'cardinality', 'list_zip', 'array_agg', 'list_has_any'],
    ...['list_has_all', 'json_extract', 'json_extract_string', 'json_extract_path', 'json_extract_path_text'],
    ...['json_value', 'json_exists', 'json_keys', 'json_array_length', 'json_type', 'json_valid', 'to_json'],
    ...['json_object', 'json_array', 'json_structure', 'json_contains', 'json_transform', 'from_json'],
    // conditionals and types
    ...['coalesce', 'ifnull', 'nullif', 'if', 'iff', 'typeof', 'try'],
    // aggregates
    ...['count', 'count_star', 'sum', 'avg', 'mean', 'min', 'max', 'stddev', 'stddev_samp', 'stddev_pop'],
    ...['variance', 'var_samp', 'var_pop', 'median', 'mode', 'quantile', 'quantile_cont', 'quantile_disc'],
    ...[
      'percentile_cont',
      'percentile_disc',
      'approx_count_distinct',
      'approx_quantile',
      'reservoir_quantile',
    ],
    ...[
      'first',
      'last',
      'any_value',
      'arbitrary',
      'arg_min',
      'arg_max',
      'argmin',
      'argmax',
      'min_by',
      'max_by',
    ],
    ...['string_agg', 'group_concat', 'listagg', 'list', 'bool_and', 'bool_or', 'every', 'corr', 'covar_pop'],
    ...['covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count', 'regr_avgx', 'regr_avgy'],
    ...['histogram', 'entropy', 'kurtosis', 'skewness', 'mad', 'product', 'fsum', 'sumkahan', 'bit_and'],
    ...['bit_or', 'bit_xor', 'count_if', 'countif', 'sum_no_overflow', 'favg', 'geomean', 'geometric_mean'],
    ...['grouping', 'grouping_id'],
    // window functions
    ...['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead'],
    ...['first_value', 'last_value', 'nth_value', 'rank_dense'],
  ].map((name) => name.toLowerCase()),
);

/** Functions allowed in FROM: generators only, never readers. */
const allowedTableFunctions = new Set(['range', 'generate_series', 'unnest']);

/** Expression kinds (the `class` field); anything else, e.g. PARAMETER or DEFAULT, is refused. */
const allowedExpressionClasses = new Set([
  'BETWEEN',
  'CASE',
  'CAST',
  'COLLATE',
  'COLUMN_REF',
  'COMPARISON',
  'CONJUNCTION',
  'CONSTANT',
  'FUNCTION',
  'LAMBDA',
  'LAMBDA_REF',
  'OPERATOR',
  'POSITIONAL_REFERENCE',
  'STAR',
  'SUBQUERY',
  'WINDOW',
]);

const allowedQueryNodes = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);
/** Table references; SHOW_REF (DESCRIBE/SHOW), COLUMN_DATA and the rest are refused. */
const allowedTableRefs = new Set([
  'BASE_TABLE',
  'JOIN',
  'SUBQUERY',
  'EMPTY',
  'EXPRESSION_LIST',
  'TABLE_FUNCTION',
  'PIVOT',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function refuse(code: string, message: string, location?: unknown): never {
  // The parser's "no location" is 2^64-1; only positions inside the tenant's text are shown.
  const at = typeof location === 'number' && location < 1e9 ? ` (at character ${location + 1})` : '';
  throw new ValidationError(code, message, [{ path: 'sql', message: `${message}${at}` }]);
}

/** CTE names an entry of a `cte_map` declares, in order. */
function cteNames(node: Json): string[] {
  const map = isObject(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
  return map.filter(isObject).map((entry) => text(entry.key).toLowerCase());
}

class TreeWalker {
  constructor(private readonly tables: ReadonlySet<string>) {}

  walk(value: unknown, ctes: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, ctes);
      return;
    }
    if (!isObject(value)) return;
    let visible = ctes;
    if (typeof value.class === 'string') this.expression(value);
    else if (typeof value.type === 'string' && 'cte_map' in value) {
      if (!allowedQueryNodes.has(value.type)) refuse('SQL_NOT_ALLOWED', `${value.type} is not allowed`);
      visible = this.withCtes(value, ctes);
    } else if (typeof value.type === 'string' && 'sample' in value && 'alias' in value)
      this.tableRef(value, ctes);
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'cte_map') this.walk(child, visible);
    }
  }

  /** Each CTE body sees the CTEs declared before it and itself (for WITH RECURSIVE). */
  private withCtes(node: Json, outer: ReadonlySet<string>): ReadonlySet<string> {
    const map = isObject(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
    const names = cteNames(node);
    const visible = new Set(outer);
    map.forEach((entry, index) => {
      visible.add(names[index] ?? '');
      if (isObject(entry)) this.walk(entry.value, new Set(visible));
    });
    return visible;
  }

  private expression(node: Json): void {
    const kind = text(node.class);
    if (!allowedExpressionClasses.has(kind))
      refuse('SQL_NOT_ALLOWED', `${kind.toLowerCase()} expressions are not allowed`, node.query_location);
    if (kind === 'FUNCTION' || kind === 'WINDOW') {
      const name = text(node.function_name).toLowerCase();
      const schema = text(node.schema).toLowerCase();
      // The parser itself qualifies some rewrites (`[1]` becomes main.list_value).
      if (!allowedFunctions.has(name) || text(node.catalog) !== '' || (schema !== '' && schema !== 'main')) {
        refuse(
          'SQL_FORBIDDEN_FUNCTION',
          `Function "${text(node.function_name)}" is not allowed`,
          node.query_location,
        );
      }
    }
  }

  private tableRef(node: Json, ctes: ReadonlySet<string>): void {
    const kind = text(node.type);
    if (!allowedTableRefs.has(kind))
      refuse('SQL_NOT_ALLOWED', `${kind.toLowerCase()} is not allowed in FROM`, node.query_location);
    if (kind === 'BASE_TABLE') {
      const name = text(node.table_name);
      const qualified = text(node.schema_name) !== '' || text(node.catalog_name) !== '';
      const known = ctes.has(name.toLowerCase()) || this.tables.has(name.toLowerCase());
      // An unknown name would reach the engine's catalog or its replacement scans (files by path).
      if (qualified || !known || node.at_clause !== null) {
        refuse('SQL_FORBIDDEN_REFERENCE', `Table "${name}" is not one of your datasets`, node.query_location);
      }
    }
    if (kind === 'TABLE_FUNCTION') {
      const fn = isObject(node.function) ? node.function : {};
      const name = text(fn.function_name).toLowerCase();
      if (!allowedTableFunctions.has(name) || text(fn.schema) !== '' || text(fn.catalog) !== '') {
        refuse(
          'SQL_FORBIDDEN_FUNCTION',
          `Table function "${text(fn.function_name)}" is not allowed`,
          node.query_location,
        );
      }
    }
  }
}

/**
 * Throws a ValidationError unless the parse is exactly one SELECT that the allow-list covers.
 * `tables` are the names the tenant may read (its datasets), matched case-insensitively as the
 * engine does.
 */
export function checkSelectTree(parsed: ParsedSql, tables: Iterable<string>): void {
  if (!parsed.ok) {
    if (parsed.reason === 'not-select')
      refuse('SQL_NOT_READ_ONLY', 'Only a SELECT (or WITH ... SELECT) query is allowed');
    refuse('SQL_SYNTAX', parsed.message);
  }
  const statements =
    isObject(parsed.tree) && Array.isArray(parsed.tree.statements) ? parsed.tree.statements : [];
  if (statements.length === 0) refuse('SQL_EMPTY', 'SQL is empty');
  if (statements.length > 1) refuse('SQL_MULTIPLE_STATEMENTS', 'Only one statement is allowed');
  const statement = statements[0];
  const node = isObject(statement) ? statement.node : undefined;
  if (!isObject(node)) refuse('SQL_NOT_ALLOWED', 'The statement could not be checked');
  new TreeWalker(new Set([...tables].map((t) => t.toLowerCase()))).walk(node, new Set());
}
