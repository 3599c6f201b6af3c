import { runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeApiKeysHandler } from './api-keys';

export const handler = makeApiKeysHandler({
  directory: runtime().tenantDirectory(),
  audit: runtime().auditLog(),
  logger: createLogger('api-keys'),
});
