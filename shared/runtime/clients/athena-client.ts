/** Athena clients (AWS only: DuckDB answers queries locally): the function's own, and one per tenant. */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { TenantAthenaClients } from '../../adapters/aws/athena-query-engine';
import type { StsTenantCredentials } from '../../adapters/aws/sts-tenant-credentials';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function athenaClient(config: NexusConfig): AthenaClient {
  return traced(new AthenaClient(clientOptions(config, undefined)));
}

/** One Athena client per tenant, signing with that tenant's assumed (session-policy) credentials. */
export function tenantAthenaClients(
  config: NexusConfig,
  credentials: StsTenantCredentials,
): TenantAthenaClients {
  const clients = new Map<string, AthenaClient>();
  return {
    async forTenant(tenantId) {
      let client = clients.get(tenantId);
      if (!client) {
        client = traced(
          new AthenaClient({
            ...clientOptions(config, undefined),
            // A provider, not a value: the SDK asks again when the credentials near expiry.
            credentials: () => credentials.credentialsFor(tenantId),
          }),
        );
        clients.set(tenantId, client);
      }
      return client;
    },
  };
}
