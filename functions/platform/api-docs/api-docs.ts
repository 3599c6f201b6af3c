/** GET /v1/openapi.json and GET /docs: the API's OpenAPI document and its HTML reference, no key needed. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header } from '../../../shared/runtime/http-request';
import { docsPage, openApiDocument } from '../../../shared/runtime/openapi-document';
import { routeTable } from '../../../shared/runtime/route-table';

export interface ApiDocsDeps {
  readonly logger: Logger;
}

/** The server URL as the caller reached it, so "try it" tools call the right host. */
function serverUrl(event: APIGatewayProxyEvent): string | undefined {
  const host = header(event, 'host');
  if (!host) return undefined;
  const proto =
    header(event, 'x-forwarded-proto') ??
    (host.startsWith('127.0.0.1') || host.startsWith('localhost') ? 'http' : 'https');
  return `${proto}://${host}`;
}

export const apiDocsRoutes = (deps: ApiDocsDeps) =>
  routeTable({
    'GET /v1/openapi.json': async (event) =>
      jsonResponse(200, openApiDocument(serverUrl(event)), { 'cache-control': 'public, max-age=300' }),
    'GET /docs': async () => {
      deps.logger.debug('docs page served');
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
        body: docsPage(openApiDocument()),
      };
    },
  });

export function makeApiDocsHandler(deps: ApiDocsDeps) {
  return httpHandler(deps.logger, apiDocsRoutes(deps));
}
