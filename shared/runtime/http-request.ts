/** Reading API Gateway proxy events: the caller's principal, headers, body and parameters. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  ForbiddenError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors';
import { jsonNestsDeeperThan, maxJsonDepth } from '../domain/json-depth';
import type { ApiKeyPrincipal, ApiKeyScope } from '../domain/tenancy/api-key-principal';

/** The principal the API key authorizer put in the request context; never taken from the body. */
export function principalOf(event: APIGatewayProxyEvent, scope: ApiKeyScope): ApiKeyPrincipal {
  const context = event.requestContext.authorizer as Record<string, unknown> | null | undefined;
  const tenantId = context?.['tenantId'];
  const keyId = context?.['keyId'];
  if (typeof tenantId !== 'string' || typeof keyId !== 'string') {
    throw new UnauthorizedError('UNAUTHORIZED', 'The request is not authenticated');
  }
  const scopesRaw = context?.['scopes'];
  const scopes = (typeof scopesRaw === 'string' ? scopesRaw.split(',') : []) as ApiKeyScope[];
  if (!scopes.includes(scope)) {
    throw new ForbiddenError('FORBIDDEN', `This API key lacks the "${scope}" scope`);
  }
  return { tenantId, keyId, scopes };
}

/** Case-insensitive header lookup (API Gateway preserves the client's casing). */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

export function rawBody(event: APIGatewayProxyEvent): Buffer {
  if (event.body === null || event.body === undefined) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** `application/json` or a `+json` type, parameters aside. */
const jsonMediaType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Parses a JSON body for control-plane routes (datasets, queries): 415 when another content type
 * is declared (no Content-Type at all is read as JSON), 400 when it is not JSON.
 */
export function jsonBody(event: APIGatewayProxyEvent): unknown {
  const type = header(event, 'content-type');
  if (type !== undefined && type.trim() !== '' && !jsonMediaType.test(type.trim())) {
    throw new UnsupportedMediaTypeError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send this route JSON with "content-type: application/json", not "${type}"`,
      [{ path: 'content-type', message: 'expected application/json' }],
    );
  }
  const text = rawBody(event).toString('utf8');
  if (text.trim() === '') throw new ValidationError('EMPTY_BODY', 'The request body is empty');
  if (jsonNestsDeeperThan(text)) {
    throw new ValidationError('BODY_TOO_DEEP', `The request body nests deeper than ${maxJsonDepth} levels`, [
      { path: '', message: `nests deeper than ${maxJsonDepth} levels` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('MALFORMED_BODY', 'The request body is not valid JSON', [
      { path: '', message: 'not valid JSON' },
    ]);
  }
}

export function pathParam(event: APIGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw new ValidationError('MISSING_PARAMETER', `Path parameter "${name}" is missing`);
  // API Gateway hands path parameters over already decoded: decoding again turns `%25` into a URIError.
  return value;
}
