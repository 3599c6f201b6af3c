/** The one table from domain errors to HTTP responses, in Nexus's error shape. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, type ErrorDetail } from '../domain/errors';

const statusByKind: Record<DomainError['kind'], number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  throttled: 429,
};

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: readonly ErrorDetail[];
  };
  readonly requestId: string;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Maps any thrown value to a response; only unexpected errors become 500s, with no internals leaked. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof DomainError) {
    const body: ErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details.length > 0 ? { details: error.details } : {}),
      },
      requestId,
    };
    return jsonResponse(statusByKind[error.kind], body);
  }
  return jsonResponse(500, {
    error: { code: 'INTERNAL', message: 'An unexpected error occurred; it has been logged.' },
    requestId,
  } satisfies ErrorBody);
}
