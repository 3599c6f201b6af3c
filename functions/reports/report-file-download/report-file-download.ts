/**
 * GET /v1/report-files?token=...: the public download link of a report file too large to attach
 * (no API key; the HMAC-signed token is the credential). Answers 302 to a presigned S3 GET that
 * lives minutes; a bad token is a 400 and an expired one a 403, in Nexus's error body.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type DownloadReportFileDeps,
  reportFileDownloadUrl,
} from '../../../shared/domain/reports/download-report-file';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { routeTable } from '../../../shared/runtime/route-table';

export interface ReportFileDownloadDeps extends DownloadReportFileDeps {
  readonly logger: Logger;
}

export const reportFileDownloadRoutes = (deps: ReportFileDownloadDeps) =>
  routeTable({
    'GET /v1/report-files': async (event) => ({
      statusCode: 302,
      // The token and the presigned URL are credentials: keep them out of caches and referrers.
      headers: {
        location: await reportFileDownloadUrl(event.queryStringParameters?.['token'], deps),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      },
      body: '',
    }),
  });

export function makeReportFileDownloadHandler(deps: ReportFileDownloadDeps) {
  return httpHandler(deps.logger, reportFileDownloadRoutes(deps));
}
