/** Lambda entry of /v1/unsubscribe: the one-click unsubscribe of report emails (no API key). */
import { reportUnsubscribeDeps } from '../../../shared/runtime/function-deps/report-unsubscribe';
import { makeReportUnsubscribeHandler } from './report-unsubscribe';

export const handler = makeReportUnsubscribeHandler(reportUnsubscribeDeps());
