/** REQUEST authorizer of every authenticated route: resolves an API key to its tenant and scopes. */
import { apiKeyAuthorizerDeps } from '../../../shared/runtime/function-deps/api-key-authorizer';
import { makeApiKeyAuthorizerHandler } from './api-key-authorizer';

export const handler = makeApiKeyAuthorizerHandler(apiKeyAuthorizerDeps());
