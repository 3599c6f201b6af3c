/** Port for the query engine's own SQL parser: the guard checks the tree the engine will run, not a guess at it. */

/**
 * The parse of one SQL text, as the engine's parser sees it. `tree` is the engine's serialized
 * syntax tree (DuckDB: the output of `json_serialize_sql`), checked by the domain's allow-list.
 */
export type ParsedSql =
  | { readonly ok: true; readonly tree: unknown }
  | { readonly ok: false; readonly reason: 'syntax' | 'not-select'; readonly message: string };

export interface SqlParser {
  /** Parses without running anything; never throws for bad SQL, only for a broken parser. */
  parse(sql: string): Promise<ParsedSql>;
}
