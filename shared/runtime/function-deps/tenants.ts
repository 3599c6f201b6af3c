/** What the tenants function runs with: the tenant directory and the audit log. */
import { createLogger } from '../http-handler';
import { auditLog, tenantDirectory } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function tenantsDeps(rt: Runtime = runtime()) {
  return { directory: tenantDirectory(rt), audit: auditLog(rt), logger: createLogger('tenants') };
}
