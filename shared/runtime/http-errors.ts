/** The one table from domain errors to HTTP responses, in Nexus's error shape. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { definedProps } from '../domain/defined-props';
import { DomainError, type ErrorDetail, RetryLaterError } from '../domain/errors';

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

/** A known resource asked with a method it does not serve; HTTP-only, so it lives here, not in the domain. */
export class MethodNotAllowedError extends Error {
  constructor(
    readonly method: string,
    readonly resource: string,
    readonly allow: readonly string[],
  ) {
    super(`${method} is not allowed on ${resource}; allowed: ${allow.join(', ')}`);
    this.name = 'MethodNotAllowedError';
  }
}

/** Whether an error is the client's doing (logged at INFO) rather than ours (logged as an error). */
export function isClientError(error: unknown): boolean {
  return error instanceof DomainError || error instanceof MethodNotAllowedError;
}

/** Maps any thrown value to a response; only unexpected errors become 500s, with no internals leaked. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof DomainError) {
    const body: ErrorBody = {
      error: definedProps({
        code: error.code,
        message: error.message,
        // Absent rather than empty: clients test `details` for presence, and the OpenAPI schema has it optional.
        details: error.details.length > 0 ? error.details : undefined,
      }),
      requestId,
    };
    const headers: Record<string, string> =
      error instanceof RetryLaterError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return jsonResponse(statusByKind[error.kind], body, headers);
  }
  if (error instanceof MethodNotAllowedError) {
    const body: ErrorBody = { error: { code: 'METHOD_NOT_ALLOWED', message: error.message }, requestId };
    return jsonResponse(405, body, { allow: error.allow.join(', ') });
  }
  return jsonResponse(500, {
    error: { code: 'INTERNAL', message: 'An unexpected error occurred; it has been logged.' },
    requestId,
  } satisfies ErrorBody);
}
