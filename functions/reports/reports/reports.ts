/**
 * Routes for scheduled reports: create, list, read, change and delete a report (admin to
 * change, query to read), send one now, and list its runs with each recipient's status.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  createReport,
  deleteReport,
  getReport,
  listReports,
  listRuns,
  type ManageReportsDeps,
  sendReportNow,
  updateReport,
} from '../../../shared/domain/reports/manage-reports';
import {
  createReportInput,
  sendReportInput,
  updateReportInput,
} from '../../../shared/domain/reports/report-definition';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface ReportsDeps extends ManageReportsDeps {
  readonly logger: Logger;
}

export const reportsRoutes = (deps: ReportsDeps) =>
  routeTable({
    'POST /v1/reports': async (event) => {
      const input = parseInput(createReportInput, jsonBody(event));
      const report = await createReport(input, principalOf(event, 'admin').tenantId, deps);
      return jsonResponse(201, report);
    },
    'GET /v1/reports': async (event) =>
      jsonResponse(200, { items: await listReports(principalOf(event, 'query').tenantId, deps) }),
    'GET /v1/reports/{id}': async (event) =>
      jsonResponse(200, await getReport(principalOf(event, 'query').tenantId, pathParam(event, 'id'), deps)),
    'PATCH /v1/reports/{id}': async (event) => {
      const { tenantId } = principalOf(event, 'admin');
      const patch = parseInput(updateReportInput, jsonBody(event));
      return jsonResponse(200, await updateReport(tenantId, pathParam(event, 'id'), patch, deps));
    },
    'DELETE /v1/reports/{id}': async (event) => {
      await deleteReport(principalOf(event, 'admin').tenantId, pathParam(event, 'id'), deps);
      return { statusCode: 204, body: '' };
    },
    'POST /v1/reports/{id}/send': async (event) => {
      const { tenantId } = principalOf(event, 'admin');
      const { recipients } = parseInput(sendReportInput, event.body ? jsonBody(event) : {});
      return jsonResponse(202, await sendReportNow(tenantId, pathParam(event, 'id'), recipients, deps));
    },
    'GET /v1/reports/{id}/runs': async (event) =>
      jsonResponse(200, await listRuns(principalOf(event, 'query').tenantId, pathParam(event, 'id'), deps)),
  });

export function makeReportsHandler(deps: ReportsDeps) {
  return httpHandler(deps.logger, reportsRoutes(deps));
}
