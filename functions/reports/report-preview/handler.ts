/** Lambda entry of POST /v1/reports/{id}/preview: a report's email rendered now, sent to no one. */
import { reportPreviewDeps } from '../../../shared/runtime/function-deps/report-preview';
import { makeReportPreviewHandler } from './report-preview';

export const handler = makeReportPreviewHandler(reportPreviewDeps());
