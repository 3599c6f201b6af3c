/** POST /v1/insights/analyze: detect, forecast or summarize a tenant's series on the inference endpoint. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import {
  type AnalyzeDeps,
  analyzeQuery,
  analyzeSeries,
} from '../../../shared/domain/analytics/inference/analyze-series';
import { invocationRequest } from '../../../shared/domain/analytics/inference/invocation-request';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody } from '../../../shared/runtime/http-request';
import { routeTable, withPrincipal } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface AnalyzeHandlerDeps extends AnalyzeDeps {
  readonly logger: Logger;
}

/** The analysis the request asks for: series from the body, an optional target variant from the query string. */
function analysis(event: APIGatewayProxyEvent, context: Context) {
  const request = parseInput(invocationRequest, jsonBody(event));
  const { variant } = parseInput(analyzeQuery, event.queryStringParameters ?? {});
  const inferenceId = event.requestContext?.requestId ?? context.awsRequestId;
  return { request, targetVariant: variant, inferenceId };
}

export const insightsRoutes = (deps: AnalyzeHandlerDeps) =>
  routeTable({
    'POST /v1/insights/analyze': withPrincipal('query', async (event, principal, context) => {
      const result = await analyzeSeries(analysis(event, context), principal, deps);
      const { operation, succeeded, failed, variant, model } = result;
      deps.logger.info('analyzed', { operation, succeeded, failed, variant, modelVersion: model.version });
      return jsonResponse(200, result);
    }),
  });

export function makeInsightsHandler(deps: AnalyzeHandlerDeps) {
  return httpHandler(deps.logger, insightsRoutes(deps));
}
