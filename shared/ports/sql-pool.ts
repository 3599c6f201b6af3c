/**
 * What the Postgres repositories need from a database connection pool, and no more: a query with
 * `$n` placeholders, and a connection held for a transaction. `pg`'s Pool satisfies it as it is;
 * the RDS Data API adapter satisfies it over HTTPS, so the repositories run unchanged on either.
 */

/** A result as `pg` returns it: rows keyed by column name, and the rows a statement affected. */
export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/** Runs one statement; `values[i]` binds `$i+1` and is converted as `pg` converts it. */
export interface SqlQueryable {
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<SqlResult<R>>;
}

/** One connection, held until released: statements on it share a session (and a transaction). */
export interface SqlClient extends SqlQueryable {
  release(): void;
}

export interface SqlPool extends SqlQueryable {
  connect(): Promise<SqlClient>;
}
