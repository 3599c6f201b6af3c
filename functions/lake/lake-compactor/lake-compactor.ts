/**
 * Scheduled hourly: compacts the settled partition-hours of the curated zone (small files per
 * batch into one file per schema version, swapped in through each partition's manifest) and
 * deletes the files no manifest lists any more. A failing partition is logged and retried next run.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type CompactDueDeps, compactDue } from '../../../shared/domain/lake/compact-due';

export interface LakeCompactorDeps extends Omit<CompactDueDeps, 'log'> {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function makeLakeCompactorHandler(deps: LakeCompactorDeps) {
  const log = (message: string, details: Record<string, unknown>) => deps.logger.warn(message, details);
  return middy(async () => {
    const totals = await compactDue({ ...deps, log });
    deps.logger.info('partitions compacted', { ...totals });
    deps.metrics.addMetric('PartitionsCompacted', MetricUnit.Count, totals.partitions);
    deps.metrics.addMetric('FilesBefore', MetricUnit.Count, totals.filesBefore);
    deps.metrics.addMetric('FilesAfter', MetricUnit.Count, totals.filesAfter);
    deps.metrics.addMetric('FilesDeleted', MetricUnit.Count, totals.deleted);
    deps.metrics.addMetric('PartitionsFailed', MetricUnit.Count, totals.failed);
    return totals;
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics));
}
