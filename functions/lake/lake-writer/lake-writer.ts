/**
 * Kinesis consumer that writes batches to the lake. It reports partial batch failures itself
 * rather than through Powertools' BatchProcessor, because its unit of work is a partition
 * file built from many Kinesis records, not one record at a time.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { type WriteBatchDeps, writeBatch } from '../../../shared/domain/lake/write-batch';

export interface LakeWriterDeps extends Omit<WriteBatchDeps, 'log'> {
  readonly logger: Logger;
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
    return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  }).use(injectLambdaContext(deps.logger, { resetKeys: true }));
}
