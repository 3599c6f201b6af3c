import { auditLog, tenantDirectory } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeApiKeysHandler } from './api-keys';

export const handler = makeApiKeysHandler({
  directory: tenantDirectory(),
  audit: auditLog(),
  logger: createLogger('api-keys'),
});
