/**
 * The Nexus API client: every path typed from the OpenAPI document (`api`, openapi-fetch), plus
 * the calls most programs make: send events, ingest into a dataset (one idempotency key per
 * batch, reused by every retry) and run a query to completion, gathering its pages.
 */
import createClient from 'openapi-fetch';
import { type RetryOptions, retryingFetch } from './retrying-fetch.js';
import type { paths } from './schema.js';

export interface NexusClientOptions {
  /** e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/v1` or `http://127.0.0.1:4000` */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  readonly retry?: RetryOptions;
}

/** Nexus's error body, as every 4xx and 5xx carries it. */
export class NexusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[],
    readonly requestId: string | undefined,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'NexusApiError';
  }
}

export interface IngestResult {
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly eventIds: readonly string[];
  readonly errors: readonly { index: number; path: string; code: string; message: string }[];
}

export interface QueryResult {
  readonly queryId: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface QueryOptions {
  /** @default 500 */
  readonly pollIntervalMs?: number;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

interface QueryPage {
  readonly status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly error?: string;
  readonly columns?: readonly ({ readonly name: string } | string)[];
  readonly rows?: readonly (readonly unknown[])[];
  readonly nextToken?: string;
}

type Outcome = { data?: unknown; error?: unknown; response: Response };

function unwrap<T>(outcome: Outcome): T {
  if (outcome.response.ok) return outcome.data as T;
  const body = (outcome.error ?? {}) as {
    error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
    requestId?: string;
  };
  throw new NexusApiError(
    outcome.response.status,
    body.error?.code ?? 'ERROR',
    body.error?.message ?? outcome.response.statusText,
    body.error?.details ?? [],
    body.requestId,
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createNexusClient(options: NexusClientOptions) {
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: retryingFetch(options.fetch ?? globalThis.fetch, options.retry),
    headers: { authorization: `Bearer ${options.apiKey}` },
  });
  const batchHeaders = (key: string | undefined) => ({ 'idempotency-key': key ?? crypto.randomUUID() });

  return {
    /** Every path of the API, typed: `api.GET('/v1/datasets')`, `api.POST('/v1/metrics', { body })`... */
    api,

    /** Sends events to the built-in `events` dataset (one request; at most the API's batch limits). */
    async sendEvents(
      events: readonly Record<string, unknown>[],
      batch: { readonly idempotencyKey?: string } = {},
    ): Promise<IngestResult> {
      const outcome = await api.POST('/v1/events', {
        body: events as never,
        headers: batchHeaders(batch.idempotencyKey),
      });
      return unwrap<IngestResult>(outcome);
    },

    /** Ingests records into a registered dataset. */
    async ingest(
      dataset: string,
      records: readonly Record<string, unknown>[],
      batch: { readonly idempotencyKey?: string } = {},
    ): Promise<IngestResult> {
      const outcome = await api.POST('/v1/datasets/{name}/records', {
        params: { path: { name: dataset } },
        body: records as never,
        headers: batchHeaders(batch.idempotencyKey),
      });
      return unwrap<IngestResult>(outcome);
    },

    /** Runs a read-only SQL query, waits for it and returns every row of every page. */
    async query(sql: string, wait: QueryOptions = {}): Promise<QueryResult> {
      const started = unwrap<{ queryId: string }>(
        await api.POST('/v1/queries', { body: { sql } as never, headers: batchHeaders(undefined) }),
      );
      const deadline = Date.now() + (wait.timeoutMs ?? 60_000);
      const read = async (query: { nextToken?: string } = {}): Promise<QueryPage> =>
        unwrap<QueryPage>(
          await api.GET('/v1/queries/{id}', { params: { path: { id: started.queryId }, query } }),
        );
      let page = await read();
      while (page.status === 'QUEUED' || page.status === 'RUNNING') {
        if (Date.now() > deadline)
          throw new Error(`query ${started.queryId} still ${page.status} after the timeout`);
        await sleep(wait.pollIntervalMs ?? 500);
        page = await read();
      }
      if (page.status !== 'SUCCEEDED')
        throw new Error(`query ${started.queryId} ${page.status}${page.error ? `: ${page.error}` : ''}`);
      const columns = (page.columns ?? []).map((c) => (typeof c === 'string' ? c : c.name));
      const rows = [...(page.rows ?? [])];
      while (page.nextToken) {
        page = await read({ nextToken: page.nextToken });
        rows.push(...(page.rows ?? []));
      }
      return { queryId: started.queryId, columns, rows };
    },
  };
}

export type NexusClient = ReturnType<typeof createNexusClient>;
export { type RetryOptions, retryingFetch } from './retrying-fetch.js';
export type { components, operations, paths } from './schema.js';
