import { tenantDirectory } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeApiKeyAuthorizerHandler } from './api-key-authorizer';

export const handler = makeApiKeyAuthorizerHandler({
  directory: tenantDirectory(),
  logger: createLogger('api-key-authorizer'),
});
