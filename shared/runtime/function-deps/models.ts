/** What the models function runs with: the model registry and the audit log. */
import { createLogger } from '../http-handler';
import { auditLog, modelRegistry } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function modelsDeps(rt: Runtime = runtime()) {
  return { registry: modelRegistry(rt), audit: auditLog(rt), logger: createLogger('models') };
}
