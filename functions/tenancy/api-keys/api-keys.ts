/** Routes for a tenant's API keys: create (the key is shown once), list, revoke. */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type ApiKeyDeps,
  createApiKey,
  createApiKeyInput,
  listApiKeys,
  revokeApiKey,
} from '../../../shared/domain/tenancy/manage-api-keys';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface ApiKeysDeps extends ApiKeyDeps {
  readonly logger: Logger;
}

export function makeApiKeysHandler(deps: ApiKeysDeps) {
  return httpHandler(deps.logger, async (event) => {
    const principal = principalOf(event, 'admin');
    switch (event.httpMethod) {
      case 'POST': {
        const key = await createApiKey(parseInput(createApiKeyInput, jsonBody(event)), principal, deps);
        return jsonResponse(201, { ...key, note: 'Store this key now: it is not shown again.' });
      }
      case 'DELETE':
        await revokeApiKey(pathParam(event, 'id'), principal, deps);
        return { statusCode: 204, body: '' };
      default:
        return jsonResponse(200, { items: await listApiKeys(principal, deps) });
    }
  });
}
