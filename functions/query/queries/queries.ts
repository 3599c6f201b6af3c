/** POST /v1/queries starts a tenant-scoped SQL query; GET /v1/queries/{id} pages its results. */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  getQuery,
  type QueryDeps,
  queryPageInput,
  startQuery,
  startQueryInput,
} from '../../../shared/domain/query/run-query';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface QueriesHandlerDeps extends QueryDeps {
  readonly logger: Logger;
}

export function makeQueriesHandler(deps: QueriesHandlerDeps) {
  return httpHandler(deps.logger, async (event) => {
    const principal = principalOf(event, 'query');
    if (event.httpMethod === 'POST') {
      const input = parseInput(startQueryInput, jsonBody(event));
      const { queryId } = await startQuery(principal.tenantId, input.sql, deps);
      return jsonResponse(202, { queryId }, { location: `/v1/queries/${queryId}` });
    }
    const page = parseInput(queryPageInput, event.queryStringParameters ?? {});
    return jsonResponse(200, await getQuery(principal.tenantId, pathParam(event, 'id'), page, deps));
  });
}
