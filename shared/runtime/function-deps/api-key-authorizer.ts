/** What the api-key-authorizer function runs with: the tenant directory that resolves keys, and the tenants' request buckets. */
import { createLogger } from '../http-handler';
import { tenantDirectory } from '../metadata-stores';
import { rateLimitStore } from '../rate-limit-store';
import { type Runtime, runtime } from '../runtime';

export function apiKeyAuthorizerDeps(rt: Runtime = runtime()) {
  return {
    directory: tenantDirectory(rt),
    rateLimits: rateLimitStore(rt),
    now: () => new Date(),
    logger: createLogger('api-key-authorizer'),
  };
}
