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
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface QueriesHandlerDeps extends QueryDeps {
  readonly logger: Logger;
}

export const queriesRoutes = (deps: QueriesHandlerDeps) =>
  routeTable({
    'POST /v1/queries': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const { queryId } = await startQuery(tenantId, parseInput(startQueryInput, jsonBody(event)).sql, deps);
      return jsonResponse(202, { queryId }, { location: `/v1/queries/${queryId}` });
    },
    'GET /v1/queries/{id}': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const page = parseInput(queryPageInput, event.queryStringParameters ?? {});
      return jsonResponse(200, await getQuery(tenantId, pathParam(event, 'id'), page, deps));
    },
  });

export function makeQueriesHandler(deps: QueriesHandlerDeps) {
  return httpHandler(deps.logger, queriesRoutes(deps));
}
