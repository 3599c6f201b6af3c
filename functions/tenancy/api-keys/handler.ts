/** Lambda entry of /v1/api-keys: creates, lists and revokes a tenant's API keys. */
import { apiKeysDeps } from '../../../shared/runtime/function-deps/api-keys';
import { makeApiKeysHandler } from './api-keys';

export const handler = makeApiKeysHandler(apiKeysDeps());
