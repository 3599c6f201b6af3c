/** The standard middy chain for HTTP handlers: Powertools logging and the one error mapping. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DomainError } from '../domain/errors';
import { errorResponse, isClientError } from './http-errors';
import { refusalOf } from './rate-limit-verdict';

export type HttpRoute = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

/**
 * Wraps a route: request-scoped log keys, the authorizer's rate-limit refusal answered before the
 * route runs, and every error mapped to Nexus's error body.
 */
export function httpHandler(logger: Logger, route: HttpRoute) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(route)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: async (request) => {
        const refusal = refusalOf(request.event);
        if (refusal) throw refusal;
      },
      onError: async (request) => {
        const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
        if (isClientError(request.error)) {
          const code = request.error instanceof DomainError ? request.error.code : 'METHOD_NOT_ALLOWED';
          logger.info('request rejected', { code, status: 'client-error' });
        } else {
          logger.error('request failed', { error: request.error as Error });
        }
        request.response = errorResponse(request.error, requestId);
      },
    });
}

/** Business metrics in CloudWatch EMF, namespace `Nexus`; flushed by the `logMetrics` middleware. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: 'Nexus', serviceName });
}
