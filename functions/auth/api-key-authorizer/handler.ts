import { runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeApiKeyAuthorizerHandler } from './api-key-authorizer';

export const handler = makeApiKeyAuthorizerHandler({
  directory: runtime().tenantDirectory(),
  logger: createLogger('api-key-authorizer'),
});
