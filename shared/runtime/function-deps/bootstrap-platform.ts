/** What the bootstrap-platform function runs with: tenants and keys, the audit log, the secret store. */
import { required } from '../config';
import { createLogger } from '../http-handler';
import { auditLog, tenantDirectory } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';
import { secretStore } from '../secret-store';

export function bootstrapPlatformDeps(rt: Runtime = runtime()) {
  return {
    directory: tenantDirectory(rt),
    audit: auditLog(rt),
    secrets: secretStore(rt),
    secretId: required(rt.config, 'bootstrapSecretId'),
    logger: createLogger('bootstrap-platform'),
  };
}
