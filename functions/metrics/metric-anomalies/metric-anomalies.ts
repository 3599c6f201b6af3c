/**
 * Scheduled every minute: scores each watched metric series' newly closed intervals with the
 * detector behind the model endpoint. One failing series is logged and retried next run.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type ScoreDeps, scoreMetrics } from '../../../shared/domain/metrics/score-anomalies';
import type { MetricCatalog } from '../../../shared/ports/metric-catalog';

export interface MetricAnomaliesDeps extends ScoreDeps {
  readonly metrics: ScoreDeps['metrics'] & Pick<MetricCatalog, 'listAll'>;
  readonly logger: Logger;
  readonly cloudMetrics: Metrics;
}

export function makeMetricAnomaliesHandler(deps: MetricAnomaliesDeps) {
  const log = (message: string, details: Record<string, unknown>) => deps.logger.warn(message, details);
  return middy(async () => {
    const totals = await scoreMetrics(await deps.metrics.listAll(), deps, log);
    deps.logger.info('intervals scored', totals);
    deps.cloudMetrics.addMetric('IntervalsScored', MetricUnit.Count, totals.scored);
    deps.cloudMetrics.addMetric('AnomaliesFlagged', MetricUnit.Count, totals.flagged);
    deps.cloudMetrics.addMetric('SeriesFailed', MetricUnit.Count, totals.failed);
    return totals;
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.cloudMetrics));
}
