/**
 * Invoked by EventBridge Scheduler (a report's schedule, or a send-now's one-time schedule):
 * runs the report once and records the run. Content failures are recorded, not thrown, so the
 * scheduler retries only what may succeed on retry (an outage), and retries send nothing twice.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { type RunReportDeps, runReport } from '../../../shared/domain/reports/run-report';

export interface ReportRunnerDeps extends RunReportDeps {
  readonly logger: Logger;
  readonly cloudMetrics: Metrics;
}

const runRequest = z.object({
  tenantId: z.uuid(),
  reportId: z.uuid(),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  runId: z.uuid().optional(),
});

export function makeReportRunnerHandler(deps: ReportRunnerDeps) {
  return middy(async (event: unknown) => {
    const request = runRequest.parse(event);
    const result = await runReport(request, deps);
    deps.logger.info('report run', { ...request, ...result });
    const failed = result.outcome === 'done' && result.status === 'failed';
    // The Reporting stack alarms on this: failed runs are recorded, not thrown.
    deps.cloudMetrics.addMetric('ReportRunsFailed', MetricUnit.Count, failed ? 1 : 0);
    return result;
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.cloudMetrics));
}
