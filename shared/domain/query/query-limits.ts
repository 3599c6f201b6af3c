/** The resource limits one tenant's queries run under, and their defaults. */

export interface QueryLimits {
  /** Queries of one tenant running at once; more wait in its queue. */
  readonly concurrentQueries: number;
  /** Queries of one tenant waiting to run; past this a start is refused (429). */
  readonly queuedQueries: number;
  /** Memory one query may use in the engine. */
  readonly memoryBytes: number;
  /** Run time of one query, from the moment it starts running. */
  readonly timeoutMs: number;
  /** Rows kept of a result; more are cut off and the result marked truncated. */
  readonly maxResultRows: number;
  /** Bytes of a result (as JSON); a larger result fails the query. */
  readonly maxResultBytes: number;
}

export const defaultQueryLimits: QueryLimits = {
  concurrentQueries: 2,
  queuedQueries: 20,
  memoryBytes: 1024 ** 3,
  timeoutMs: 25_000,
  maxResultRows: 10_000,
  maxResultBytes: 100 * 1024 ** 2,
};

/** The `error.code` of a query a limit stopped. */
export const queryLimitCodes = {
  timeout: 'QUERY_TIMEOUT',
  memory: 'QUERY_MEMORY_LIMIT',
  resultBytes: 'QUERY_RESULT_TOO_LARGE',
} as const;
