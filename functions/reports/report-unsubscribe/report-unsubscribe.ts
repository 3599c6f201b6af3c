/**
 * GET and POST /v1/unsubscribe?token=...: the public one-click unsubscribe of a report email (no
 * API key; the HMAC-signed token is the credential). GET shows a confirmation page, POST with the
 * RFC 8058 body `List-Unsubscribe=One-Click` (form-encoded or multipart, as mail clients send it)
 * unsubscribes. A bad token is a 400: an HTML page for GET, Nexus's error body for POST.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, ValidationError } from '../../../shared/domain/errors';
import {
  type UnsubscribeDeps,
  unsubscribe,
  unsubscribeTarget,
} from '../../../shared/domain/reports/unsubscribe';
import {
  confirmUnsubscribePage,
  unsubscribedPage,
  unsubscribeErrorPage,
} from '../../../shared/domain/reports/unsubscribe-page';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header, rawBody } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';

export interface ReportUnsubscribeDeps extends UnsubscribeDeps {
  readonly logger: Logger;
}

function htmlResponse(statusCode: number, body: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // The token is in the URL: keep the page out of caches and referrers, and off other sites.
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

const tokenOf = (event: APIGatewayProxyEvent) => event.queryStringParameters?.['token'] ?? undefined;

/** The RFC 8058 body: `List-Unsubscribe=One-Click`, form-encoded or multipart. */
async function checkOneClickBody(event: APIGatewayProxyEvent): Promise<void> {
  const type = header(event, 'content-type') ?? '';
  let value: unknown = null;
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type.trim())) {
    // The fetch Request parses both encodings (multipart with its boundary).
    const form = await new Request('http://unsubscribe.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: rawBody(event),
    })
      .formData()
      .catch(() => null);
    value = form?.get('List-Unsubscribe') ?? null;
  }
  if (value !== 'One-Click')
    throw new ValidationError(
      'INVALID_UNSUBSCRIBE_BODY',
      'Expected the one-click body List-Unsubscribe=One-Click',
      [
        {
          path: 'List-Unsubscribe',
          message:
            'send List-Unsubscribe=One-Click as application/x-www-form-urlencoded or multipart/form-data',
        },
      ],
    );
}

export const reportUnsubscribeRoutes = (deps: ReportUnsubscribeDeps) =>
  routeTable({
    'GET /v1/unsubscribe': async (event) => {
      try {
        return htmlResponse(200, confirmUnsubscribePage(await unsubscribeTarget(tokenOf(event), deps)));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return htmlResponse(error.kind === 'not-found' ? 404 : 400, unsubscribeErrorPage(error.message));
      }
    },
    'POST /v1/unsubscribe': async (event) => {
      await checkOneClickBody(event);
      return htmlResponse(200, unsubscribedPage(await unsubscribe(tokenOf(event), deps)));
    },
  });

export function makeReportUnsubscribeHandler(deps: ReportUnsubscribeDeps) {
  return httpHandler(deps.logger, reportUnsubscribeRoutes(deps));
}
