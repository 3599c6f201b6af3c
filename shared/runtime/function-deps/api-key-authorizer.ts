/** What the api-key-authorizer function runs with: the tenant directory that resolves keys. */
import { createLogger } from '../http-handler';
import { tenantDirectory } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function apiKeyAuthorizerDeps(rt: Runtime = runtime()) {
  return { directory: tenantDirectory(rt), logger: createLogger('api-key-authorizer') };
}
