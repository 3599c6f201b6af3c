/** Who a request acts as: the tenant and scopes its API key resolved to. */

/**
 * What a key may do: send records, read (datasets, queries, insights), or administer the tenant;
 * `operator` is held only by platform operators' keys, never by a tenant's.
 */
export type ApiKeyScope = 'ingest' | 'query' | 'admin' | 'operator';

/** The tenant id an operator principal carries: the nil UUID, which no tenant is ever given; platform actions are audited under it. */
export const operatorTenantId = '00000000-0000-0000-0000-000000000000';

/** What an API key resolves to: the only source of a request's tenant. */
export interface ApiKeyPrincipal {
  readonly keyId: string;
  readonly tenantId: string;
  readonly scopes: readonly ApiKeyScope[];
}
