/**
 * POST /v1/reports/{id}/preview: the report's email as of now, rendered exactly as the runner
 * sends it (charts, tables, CSVs, unsubscribe link and headers) but sent to no one; `nexus
 * reports preview` writes it as `.eml` and `.html`. Reading needs the `query` scope.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type PreviewReportDeps,
  previewReport,
  previewReportInput,
} from '../../../shared/domain/reports/preview-report';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface ReportPreviewDeps extends PreviewReportDeps {
  readonly logger: Logger;
}

export const reportPreviewRoutes = (deps: ReportPreviewDeps) =>
  routeTable({
    'POST /v1/reports/{id}/preview': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const { recipient } = parseInput(previewReportInput, event.body ? jsonBody(event) : {});
      return jsonResponse(200, await previewReport(tenantId, pathParam(event, 'id'), recipient, deps));
    },
  });

export function makeReportPreviewHandler(deps: ReportPreviewDeps) {
  return httpHandler(deps.logger, reportPreviewRoutes(deps));
}
