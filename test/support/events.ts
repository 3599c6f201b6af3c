/** Builders of the Lambda events and context the handlers receive: API Gateway proxy, REQUEST authorizer, Kinesis. */
import type {
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  Context,
  KinesisStreamEvent,
} from 'aws-lambda';
import { definedProps } from '../../shared/domain/defined-props';
import type { ApiKeyScope } from '../../shared/domain/tenancy/api-key-principal';

export const TENANT_A = '11111111-1111-4111-8111-111111111111';
export const TENANT_B = '22222222-2222-4222-8222-222222222222';
export const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/v1/datasets/orders';

export interface ApiEventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly resource?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly base64?: boolean;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** The authorizer context; `null` for an unauthenticated request. */
  readonly principal?: { tenantId?: string; keyId?: string; scopes?: readonly ApiKeyScope[] } | null;
}

export function apiEvent(options: ApiEventOptions = {}): APIGatewayProxyEvent {
  const principal =
    options.principal === null
      ? null
      : { tenantId: TENANT_A, keyId: 'key-1', scopes: ['ingest', 'query', 'admin'], ...options.principal };
  const text =
    options.body === undefined
      ? null
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return {
    httpMethod: options.method ?? 'GET',
    path: options.path ?? '/',
    resource: options.resource ?? options.path ?? '/',
    headers: { 'content-type': 'application/json', ...options.headers },
    multiValueHeaders: {},
    body: text !== null && options.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 ?? false,
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: principal
        ? {
            ...definedProps({ tenantId: principal.tenantId, keyId: principal.keyId }),
            scopes: (principal.scopes ?? []).join(','),
          }
        : null,
      protocol: 'HTTP/1.1',
      httpMethod: options.method ?? 'GET',
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      path: options.path ?? '/',
      stage: 'prod',
      requestId: 'req-1',
      requestTimeEpoch: 0,
      resourceId: 'res',
      resourcePath: options.resource ?? options.path ?? '/',
    },
  };
}

export function authorizerEvent(headers: Record<string, string> = {}): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    resource: '/v1/datasets/{name}',
    path: '/v1/datasets/orders',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: null,
    pathParameters: { name: 'orders' },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

export function kinesisEvent(
  records: readonly { sequenceNumber: string; data: Uint8Array }[],
): KinesisStreamEvent {
  return {
    Records: records.map((r) => ({
      eventID: `shardId-000000000000:${r.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventVersion: '1.0',
      eventSource: 'aws:kinesis',
      eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/nexus-events',
      awsRegion: 'eu-west-1',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lake-writer',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'tenant',
        sequenceNumber: r.sequenceNumber,
        data: Buffer.from(r.data).toString('base64'),
        approximateArrivalTimestamp: 1_764_000_000,
      },
    })),
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'nexus-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:nexus-test',
    memoryLimitInMB: '256',
    awsRequestId: 'aws-req-1',
    logGroupName: '/aws/lambda/nexus-test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
