/** Routes for a tenant's API keys: create (the key is shown once), list, revoke; all need an admin key. */
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
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface ApiKeysDeps extends ApiKeyDeps {
  readonly logger: Logger;
}

export const apiKeysRoutes = (deps: ApiKeysDeps) =>
  routeTable({
    'POST /v1/api-keys': async (event) => {
      const principal = principalOf(event, 'admin');
      const key = await createApiKey(parseInput(createApiKeyInput, jsonBody(event)), principal, deps);
      return jsonResponse(201, { ...key, note: 'Store this key now: it is not shown again.' });
    },
    'GET /v1/api-keys': async (event) =>
      jsonResponse(200, { items: await listApiKeys(principalOf(event, 'admin'), deps) }),
    'DELETE /v1/api-keys/{id}': async (event) => {
      await revokeApiKey(pathParam(event, 'id'), principalOf(event, 'admin'), deps);
      return { statusCode: 204, body: '' };
    },
  });

export function makeApiKeysHandler(deps: ApiKeysDeps) {
  return httpHandler(deps.logger, apiKeysRoutes(deps));
}
