import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { routeTable, withPrincipal } from '../../../shared/runtime/route-table';
import { apiEvent, lambdaContext } from '../../support/events';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

const handler = httpHandler(
  logger,
  routeTable({
    'GET /v1/things': async () => jsonResponse(200, { route: 'list' }),
    'POST /v1/things': withPrincipal('admin', async (_event, principal) =>
      jsonResponse(201, { route: 'create', keyId: principal.keyId }),
    ),
    'GET /v1/things/{id}': async (event) =>
      jsonResponse(200, { route: 'one', id: event.pathParameters?.['id'] }),
  }),
);

const call = async (method: string, resource: string, scopes: ('admin' | 'query')[] = ['admin']) => {
  const response = await handler(
    apiEvent({ method, resource, path: resource, principal: { scopes } }),
    lambdaContext(),
  );
  return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body) };
};

describe('routeTable', () => {
  it('dispatches on method and resource template', async () => {
    expect((await call('GET', '/v1/things')).body).toEqual({ route: 'list' });
    expect((await call('POST', '/v1/things')).body).toEqual({ route: 'create', keyId: 'key-1' });
    expect((await call('GET', '/v1/things/{id}')).body.route).toBe('one');
  });

  it('answers 405 with Allow for a known resource asked with another method, in the error shape', async () => {
    const response = await call('DELETE', '/v1/things');
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, POST');
    expect(response.body).toEqual({
      error: { code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('DELETE') },
      requestId: expect.any(String),
    });
    expect((await call('PUT', '/v1/things/{id}')).headers['allow']).toBe('GET');
  });

  it('answers 404 ROUTE_NOT_FOUND for an unknown resource, in the error shape', async () => {
    const response = await call('GET', '/v1/other');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /v1/other' },
      requestId: expect.any(String),
    });
  });

  it('checks the scope of a withPrincipal entry before running it', async () => {
    const response = await call('POST', '/v1/things', ['query']);
    expect([response.status, response.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});
