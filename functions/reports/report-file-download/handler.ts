/** Lambda entry of GET /v1/report-files: a report email's download link (no API key). */
import { reportFileDownloadDeps } from '../../../shared/runtime/function-deps/report-file-download';
import { makeReportFileDownloadHandler } from './report-file-download';

export const handler = makeReportFileDownloadHandler(reportFileDownloadDeps());
