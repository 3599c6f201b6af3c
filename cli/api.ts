/** The CLI's HTTP calls: JSON in and out, Nexus errors turned into one readable line. */

import { definedProps } from '../shared/domain/defined-props';
import { jsonBody } from './json-body';
import { type Profile, UserError } from './profiles';

export interface ApiErrorBody {
  readonly error?: {
    readonly code?: string;
    readonly message?: string;
    readonly details?: readonly { path: string; message: string }[];
  };
}

export async function call<T>(
  profile: Profile,
  method: string,
  path: string,
  body?: { readonly data: string | Uint8Array; readonly contentType: string },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${profile.apiUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: definedProps({ authorization: `Bearer ${profile.apiKey}`, 'content-type': body?.contentType }),
      body: body?.data ?? null,
    });
  } catch (error) {
    throw new UserError(
      `cannot reach ${profile.apiUrl}: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) {
    const error = (parsed as ApiErrorBody).error;
    const details = (error?.details ?? [])
      .slice(0, 5)
      .map((d) => `\n  ${d.path}: ${d.message}`)
      .join('');
    throw new UserError(`${response.status} ${error?.code ?? 'ERROR'}: ${error?.message ?? text}${details}`);
  }
  return parsed as T;
}

export interface QueryPage {
  readonly status: string;
  readonly columns?: readonly { name: string }[];
  readonly rows?: readonly unknown[][];
  readonly nextToken?: string;
  readonly error?: string;
}

/** Starts a query, waits for it and gathers every page. */
export async function runQuery(
  profile: Profile,
  sql: string,
): Promise<{ columns: string[]; rows: unknown[][] }> {
  const { queryId } = await call<{ queryId: string }>(profile, 'POST', '/v1/queries', jsonBody({ sql }));
  let page = await call<QueryPage>(profile, 'GET', `/v1/queries/${queryId}`);
  for (
    let wait = 100;
    page.status === 'QUEUED' || page.status === 'RUNNING';
    wait = Math.min(wait * 2, 1_000)
  ) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    page = await call<QueryPage>(profile, 'GET', `/v1/queries/${queryId}`);
  }
  if (page.status !== 'SUCCEEDED')
    throw new UserError(`query ${page.status}: ${page.error ?? 'no reason given'}`);
  const rows = [...(page.rows ?? [])];
  while (page.nextToken) {
    page = await call<QueryPage>(
      profile,
      'GET',
      `/v1/queries/${queryId}?nextToken=${encodeURIComponent(page.nextToken)}`,
    );
    rows.push(...(page.rows ?? []));
  }
  return { columns: (page.columns ?? []).map((c) => c.name), rows };
}
