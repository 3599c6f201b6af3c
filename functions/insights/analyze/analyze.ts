/** POST /v1/insights/analyze: detect, forecast or summarize a tenant's series on the inference endpoint. */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type AnalyzeDeps,
  analyzeQuery,
  analyzeSeries,
} from '../../../shared/domain/analytics/inference/analyze-series';
import { invocationRequest } from '../../../shared/domain/analytics/inference/invocation-request';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, principalOf } from '../../../shared/runtime/http-request';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface AnalyzeHandlerDeps extends AnalyzeDeps {
  readonly logger: Logger;
}

export function makeAnalyzeHandler(deps: AnalyzeHandlerDeps) {
  return httpHandler(deps.logger, async (event, context) => {
    const principal = principalOf(event, 'query');
    const request = parseInput(invocationRequest, jsonBody(event));
    const { variant } = parseInput(analyzeQuery, event.queryStringParameters ?? {});
    const result = await analyzeSeries(
      {
        request,
        ...(variant !== undefined ? { targetVariant: variant } : {}),
        inferenceId: event.requestContext?.requestId ?? context.awsRequestId,
      },
      principal,
      deps,
    );
    deps.logger.info('analyzed', {
      operation: result.operation,
      succeeded: result.succeeded,
      failed: result.failed,
      variant: result.variant,
      modelVersion: result.model.version,
    });
    return jsonResponse(200, result);
  });
}
