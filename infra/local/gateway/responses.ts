/** Writes handler results and gateway errors back to the HTTP client, in API Gateway's and Nexus's shapes. */
import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** Codes the gateway itself answers with; authorizer denials bring their own (e.g. REVOKED_API_KEY). */
export type GatewayErrorCode =
  | 'MISSING_API_KEY'
  | 'UNAUTHORIZED'
  | 'AMBIGUOUS_CREDENTIALS'
  | 'FORBIDDEN'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL'
  | 'GATEWAY_TIMEOUT';

/** Sends Nexus's error body, `{ error: { code, message }, requestId }`, for failures the gateway itself decides. */
export function sendError(
  response: ServerResponse,
  requestId: string,
  status: number,
  code: GatewayErrorCode | (string & {}),
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: { code, message }, requestId });
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': code,
  });
  response.end(body);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Narrows a handler's return value to a proxy result; anything else is a malformed Lambda response. */
export function asProxyResult(value: unknown): APIGatewayProxyResult | undefined {
  if (!isRecord(value) || typeof value.statusCode !== 'number') return undefined;
  if (value.body !== undefined && typeof value.body !== 'string') return undefined;
  return value as unknown as APIGatewayProxyResult;
}

/** Writes the proxy result: headers and multiValueHeaders merged, base64 bodies decoded. */
export function sendProxyResult(
  response: ServerResponse,
  requestId: string,
  result: APIGatewayProxyResult,
): void {
  const headers = new Map<string, string[]>();
  const add = (name: string, value: unknown): void => {
    const key = name.toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), String(value)]);
  };
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    for (const value of values) add(name, value);
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (!headers.has(name.toLowerCase())) add(name, value);
  }
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  for (const [name, values] of headers)
    response.setHeader(name, values.length === 1 ? (values[0] ?? '') : values);
  response.setHeader('content-length', body.length);
  response.setHeader('x-amzn-requestid', requestId);
  response.statusCode = result.statusCode;
  response.end(body);
}
