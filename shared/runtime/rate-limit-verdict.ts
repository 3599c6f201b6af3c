/**
 * How a rate-limit refusal travels from the authorizer to the handler. A REST API authorizer can
 * only allow, deny (rendered through one gateway response, 401 here) or fail, never answer 429;
 * so the authorizer allows with the refusal in its context, and every HTTP handler's middleware
 * (shared/runtime/http-handler.ts) answers it with 429 and `Retry-After` before any route runs.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { RetryLaterError } from '../domain/errors';

const keys = { code: 'throttleCode', message: 'throttleMessage', retryAfter: 'retryAfterSeconds' } as const;

/** The authorizer context entries carrying a refusal. */
export function verdictContext(refusal: RetryLaterError): Record<string, string | number> {
  return {
    [keys.code]: refusal.code,
    [keys.message]: refusal.message,
    [keys.retryAfter]: refusal.retryAfterSeconds,
  };
}

/** The refusal the authorizer put in the request context, if any. */
export function refusalOf(event: APIGatewayProxyEvent): RetryLaterError | undefined {
  const context = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  const code = context?.[keys.code];
  if (typeof code !== 'string' || code === '') return undefined;
  const retryAfter = Number(context?.[keys.retryAfter]);
  return new RetryLaterError(
    code,
    String(context?.[keys.message] ?? 'Too many requests'),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1,
  );
}
