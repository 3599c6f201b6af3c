/** Lambda entry of /v1/reports: a tenant's scheduled email reports, send-now and their runs. */
import { reportsDeps } from '../../../shared/runtime/function-deps/reports';
import { makeReportsHandler } from './reports';

export const handler = makeReportsHandler(reportsDeps());
