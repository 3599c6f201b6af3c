/** Builds API Gateway REST (v1) proxy and REQUEST-authorizer events from a local HTTP request. */
import type {
  APIGatewayEventRequestContextWithAuthorizer,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { localAccountId, localRegion } from '../resources';
import type { GatewayRequest } from './request';

export const localApiId = 'local';
export const localStage = 'local';

type StringMap = Record<string, string>;
type MultiMap = Record<string, string[]>;

function singleAndMulti(pairs: Iterable<readonly [string, string]>): { single: StringMap; multi: MultiMap } {
  const single: StringMap = {};
  const multi: MultiMap = {};
  for (const [key, value] of pairs) {
    single[key] = value; // API Gateway keeps the last value in the single-value map
    const values = multi[key] ?? [];
    values.push(value);
    multi[key] = values;
  }
  return { single, multi };
}

function orNull<T extends object>(map: T): T | null {
  return Object.keys(map).length > 0 ? map : null;
}

/** The ARN API Gateway passes to authorizers and checks their policy against. */
export function methodArn(request: GatewayRequest): string {
  return `arn:aws:execute-api:${localRegion}:${localAccountId}:${localApiId}/${localStage}/${request.method}${request.path}`;
}

function requestContext<T>(
  request: GatewayRequest,
  resource: string,
  authorizer: T,
): APIGatewayEventRequestContextWithAuthorizer<T> {
  const userAgent = request.headers.find(([key]) => key.toLowerCase() === 'user-agent')?.[1] ?? null;
  return {
    accountId: localAccountId,
    apiId: localApiId,
    authorizer,
    domainName: 'localhost',
    domainPrefix: 'localhost',
    extendedRequestId: request.requestId,
    httpMethod: request.method,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: request.sourceIp,
      user: null,
      userAgent,
      userArn: null,
    },
    path: `/${localStage}${request.path}`,
    protocol: 'HTTP/1.1',
    requestId: request.requestId,
    requestTime: new Date(request.receivedAt).toISOString(),
    requestTimeEpoch: request.receivedAt,
    resourceId: resource,
    resourcePath: resource,
    stage: localStage,
  };
}

interface EventParts {
  readonly resource: string;
  readonly pathParameters: Record<string, string>;
}

function commonParts(request: GatewayRequest, parts: EventParts) {
  const headers = singleAndMulti(request.headers);
  const query = singleAndMulti(request.query.entries());
  return {
    resource: parts.resource,
    path: request.path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: orNull(query.single),
    multiValueQueryStringParameters: orNull(query.multi),
    pathParameters: orNull(parts.pathParameters),
    stageVariables: null,
  };
}

/**
 * The proxy event. Bodies are always base64 with isBase64Encoded=true, as a REST API with
 * binaryMediaTypes `*\/*` delivers them, so gzip and other binary payloads arrive intact.
 */
export function proxyEvent(
  request: GatewayRequest,
  parts: EventParts,
  body: Buffer,
  authorizer: Record<string, string> | undefined,
): APIGatewayProxyEvent {
  const hasBody = body.length > 0;
  return {
    ...commonParts(request, parts),
    body: hasBody ? body.toString('base64') : null,
    isBase64Encoded: hasBody,
    requestContext: requestContext(request, parts.resource, authorizer),
  };
}

/** The REQUEST authorizer event (no body, like API Gateway's). */
export function authorizerEvent(
  request: GatewayRequest,
  parts: EventParts,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: methodArn(request),
    ...commonParts(request, parts),
    requestContext: requestContext(request, parts.resource, undefined),
  };
}
