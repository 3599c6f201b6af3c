/** Who a request acts as: the tenant and scopes its API key resolved to. */

/** What a key may do: send records, read (datasets, queries, insights), or administer the tenant. */
export type ApiKeyScope = 'ingest' | 'query' | 'admin';

/** What an API key resolves to: the only source of a request's tenant. */
export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly tenantId: string;
  readonly scopes: readonly ApiKeyScope[];
}
