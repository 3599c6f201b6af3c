/** A small HTTP client for the local API, as an API consumer would use it. */
import { gzipSync } from 'node:zlib';
import { definedProps } from '../../shared/domain/defined-props';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      body?: string | Uint8Array;
      contentType?: string;
      gzip?: boolean;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, ...options.headers };
    if (options.contentType) headers['content-type'] = options.contentType;
    let body = options.body;
    if (options.gzip && body !== undefined) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...definedProps({ body }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  postJson<T = Record<string, unknown>>(path: string, value: unknown) {
    return this.request<T>('POST', path, { body: JSON.stringify(value), contentType: 'application/json' });
  }

  /** Runs a query and waits for it to finish; returns the first page. */
  async query(
    sql: string,
    timeoutMs = 30_000,
  ): Promise<{ status: string; rows: unknown[][]; error?: { code: string; message: string } }> {
    const started = await this.postJson<{ queryId: string }>('/v1/queries', { sql });
    if (started.status !== 202)
      throw new Error(`query not started: ${started.status} ${JSON.stringify(started.body)}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.request<{
        status: string;
        rows: unknown[][];
        error?: { code: string; message: string };
      }>('GET', `/v1/queries/${started.body.queryId}`);
      if (!['QUEUED', 'RUNNING'].includes(result.body.status)) return result.body;
      if (Date.now() > deadline) throw new Error(`query ${started.body.queryId} still ${result.body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
