/** Lambda entry of the report runner: renders one run of a report and emails each recipient. */
import { reportRunnerDeps } from '../../../shared/runtime/function-deps/report-runner';
import { makeReportRunnerHandler } from './report-runner';

export const handler = makeReportRunnerHandler(reportRunnerDeps());
