/**
 * Scheduled every minute: evaluates every alert rule at its metric's newly closed intervals and
 * queues notifications for state changes. One failing rule is logged and retried next run.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type EvaluateDeps, evaluateAlerts } from '../../../shared/domain/alerts/evaluate-alerts';
import type { AlertStore } from '../../../shared/ports/alert-store';

export interface AlertEvaluatorDeps extends EvaluateDeps {
  readonly alerts: EvaluateDeps['alerts'] & Pick<AlertStore, 'listAll'>;
  readonly logger: Logger;
  readonly cloudMetrics: Metrics;
}

export function makeAlertEvaluatorHandler(deps: AlertEvaluatorDeps) {
  const log = (message: string, details: Record<string, unknown>) => deps.logger.warn(message, details);
  return middy(async () => {
    const totals = await evaluateAlerts(await deps.alerts.listAll(), deps, log);
    deps.logger.info('alerts evaluated', totals);
    deps.cloudMetrics.addMetric('IntervalsEvaluated', MetricUnit.Count, totals.evaluated);
    deps.cloudMetrics.addMetric('AlertTransitions', MetricUnit.Count, totals.transitions);
    deps.cloudMetrics.addMetric('NotificationsQueued', MetricUnit.Count, totals.notifications);
    deps.cloudMetrics.addMetric('RulesFailed', MetricUnit.Count, totals.failed);
    return totals;
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.cloudMetrics));
}
