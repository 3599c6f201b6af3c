/**
 * Kinesis consumer that writes batches to the lake. It reports partial batch failures itself
 * rather than through Powertools' BatchProcessor, because its unit of work is a partition
 * file built from many Kinesis records, not one record at a time.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { type WriteBatchDeps, writeBatch } from '../../../shared/domain/lake/write-batch';

export interface LakeWriterDeps extends Omit<WriteBatchDeps, 'log'> {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function makeLakeWriterHandler(deps: LakeWriterDeps) {
  const log = (message: string, details: Record<string, unknown>) => deps.logger.warn(message, details);
  return middy<KinesisStreamEvent, KinesisStreamBatchResponse>(async (event: KinesisStreamEvent) => {
    const items = event.Records.map((r) => ({
      sequenceNumber: r.kinesis.sequenceNumber,
      data: Buffer.from(r.kinesis.data, 'base64'),
    }));
    const result = await writeBatch(items, { ...deps, log });
    deps.logger.info('batch written', {
      records: items.length,
      written: result.written,
      duplicates: result.duplicates,
      quarantined: result.quarantined,
      failed: result.failedSequenceNumbers.length,
    });
    deps.metrics.addMetric('RecordsWritten', MetricUnit.Count, result.written);
    deps.metrics.addMetric('DuplicatesDropped', MetricUnit.Count, result.duplicates);
    deps.metrics.addMetric('EnvelopesQuarantined', MetricUnit.Count, result.quarantined);
    deps.metrics.addMetric('BatchItemFailures', MetricUnit.Count, result.failedSequenceNumbers.length);
    return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics));
}
