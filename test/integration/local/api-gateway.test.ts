import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiGateway, startApiGateway } from '../../../infra/local/api-gateway';
import { silentLog } from '../../../infra/local/log';
import { PortInUseError } from '../../../infra/local/tcp-ports';
import { gatewayTestFunctions } from '../../support/local/test-functions';
import { rawRequest } from '../../support/raw-http';

const good = { authorization: 'Bearer good' };

async function echo(
  gateway: ApiGateway,
  path: string,
  init: RequestInit = {},
): Promise<APIGatewayProxyEvent> {
  const response = await fetch(`${gateway.url}${path}`, { ...init, headers: { ...good, ...init.headers } });
  expect(response.status).toBe(200);
  return (await response.json()) as APIGatewayProxyEvent;
}

async function errorOf(response: Response): Promise<{ status: number; code: string; requestId: string }> {
  const body = (await response.json()) as { error: { code: string; message: string }; requestId: string };
  expect(body.error.message).toBeTypeOf('string');
  return { status: response.status, code: body.error.code, requestId: body.requestId };
}

describe('local API gateway', () => {
  let gateway: ApiGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    gateway = await startApiGateway({
      functions: gatewayTestFunctions,
      port: 0,
      log: (line) => lines.push(line),
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('builds a REST proxy event with path and query parameters, headers and the authorizer context', async () => {
    const response = await fetch(`${gateway.url}/items/a%20b?x=1&x=2&y=3`, {
      headers: { ...good, 'X-Custom': 'one' },
    });
    const event = (await response.json()) as APIGatewayProxyEvent;
    expect(event.httpMethod).toBe('GET');
    expect(event.resource).toBe('/items/{id}');
    expect(event.path).toBe('/items/a%20b');
    expect(event.pathParameters).toEqual({ id: 'a b' });
    expect(event.queryStringParameters).toEqual({ x: '2', y: '3' });
    expect(event.multiValueQueryStringParameters).toEqual({ x: ['1', '2'], y: ['3'] });
    expect(event.headers['X-Custom']).toBe('one');
    expect(event.multiValueHeaders['X-Custom']).toEqual(['one']);
    expect(event.body).toBeNull();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.authorizer).toMatchObject({
      tenantId: 'tenant-1',
      keyId: 'key-1',
      principalId: 'key-1',
    });
    expect(event.requestContext.requestId).toBe(response.headers.get('x-amzn-requestid'));
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.1');
    expect(event.requestContext.stage).toBe('local');
    expect(event.requestContext.resourcePath).toBe('/items/{id}');
    expect(lines.some((line) => /^GET \/items\/a%20b 200 \d+ms$/.test(line))).toBe(true);
  });

  it('passes bodies base64-encoded, so gzip arrives byte for byte', async () => {
    const gzipped = gzipSync('{"event":"signup"}\n'.repeat(50));
    const event = await echo(gateway, '/items/x/records', {
      method: 'POST',
      body: gzipped,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').equals(gzipped)).toBe(true);
  });

  it('accepts x-api-key as the identity too, and serves unauthenticated routes without the authorizer', async () => {
    const viaKey = await echo(gateway, '/items/1', { headers: { 'x-api-key': 'good', authorization: '' } });
    expect(viaKey.requestContext.authorizer).toMatchObject({ tenantId: 'tenant-1' });
    const response = await fetch(`${gateway.url}/public`);
    expect(response.status).toBe(200);
    const event = (await response.json()) as APIGatewayProxyEvent;
    expect(event.requestContext.authorizer ?? null).toBeNull();
  });

  it('answers 401 without credentials or with a rejected key, 403 on a Deny policy', async () => {
    const missing = await errorOf(await fetch(`${gateway.url}/items/1`));
    expect(missing).toMatchObject({ status: 401, code: 'MISSING_API_KEY' });
    const rejected = await errorOf(
      await fetch(`${gateway.url}/items/1`, { headers: { authorization: 'Bearer bad' } }),
    );
    expect(rejected).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(rejected.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const denied = await errorOf(
      await fetch(`${gateway.url}/items/1`, { headers: { authorization: 'Bearer deny' } }),
    );
    expect(denied).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('answers 404 for unknown routes and 405 for a wrong method', async () => {
    expect(await errorOf(await fetch(`${gateway.url}/nowhere`, { headers: good }))).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
    });
    const wrong = await fetch(`${gateway.url}/items/1`, { method: 'DELETE', headers: good });
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(await errorOf(wrong)).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('answers 413 above 10 MiB', async () => {
    const response = await fetch(`${gateway.url}/items/1/records`, {
      method: 'POST',
      headers: good,
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 97),
    });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers 502 INTERNAL when the handler throws or returns a malformed result', async () => {
    const thrown = await fetch(`${gateway.url}/boom`, { method: 'POST', headers: good });
    expect(await errorOf(thrown)).toMatchObject({ status: 502, code: 'INTERNAL' });
    expect(lines.some((line) => line.includes('boom on purpose'))).toBe(true);
    const malformed = await fetch(`${gateway.url}/malformed`, { headers: good });
    expect(await errorOf(malformed)).toMatchObject({ status: 502, code: 'INTERNAL' });
  });

  it('writes binary results and multi-value headers back', async () => {
    const response = await fetch(`${gateway.url}/binary`, { headers: good });
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(response.headers.get('x-multi')).toBe('a, b');
  });

  it('runs the authorizer on every request, as the deployed API (which caches nothing) does', async () => {
    const first = await echo(gateway, '/items/1');
    const second = await echo(gateway, '/items/1');
    expect(Number(second.requestContext.authorizer?.invocations)).toBe(
      Number(first.requestContext.authorizer?.invocations) + 1,
    );
  });

  it.each([
    [
      'two Authorization headers',
      [
        ['authorization', 'Bearer junk'],
        ['Authorization', 'Bearer good'],
      ],
    ],
    [
      'two x-api-key headers',
      [
        ['x-api-key', 'good'],
        ['X-API-KEY', 'junk'],
      ],
    ],
  ])('answers 400 AMBIGUOUS_CREDENTIALS for %s, without asking the authorizer', async (_, pairs) => {
    const before = await echo(gateway, '/items/1');
    const response = await rawRequest(gateway.url, 'GET', '/items/1', pairs as [string, string][]);
    const after = await echo(gateway, '/items/1');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'AMBIGUOUS_CREDENTIALS', message: expect.any(String) },
      requestId: expect.any(String),
    });
    expect(Number(after.requestContext.authorizer?.invocations)).toBe(
      Number(before.requestContext.authorizer?.invocations) + 1,
    );
  });

  it('fails fast with a clear error when its port is taken', async () => {
    await expect(
      startApiGateway({ functions: gatewayTestFunctions, port: gateway.port, log: silentLog }),
    ).rejects.toThrow(new PortInUseError(gateway.port, 'API gateway', '--port or NEXUS_PORT').message);
  });
});
