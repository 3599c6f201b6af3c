/**
 * S3 event consumer for uploaded files: each object goes through the ingest-file use case. A
 * file it cannot read still gets a result; a failure to publish is thrown, so the invocation
 * is retried (Lambda retries asynchronous invocations twice).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { type IngestFileDeps, ingestFile } from '../../../shared/domain/uploads/ingest-file';

/** The use case's ports plus Powertools logging and metrics. */
export interface FileIngestDeps extends IngestFileDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** S3 event keys are form-encoded: `+` is a space, the rest percent-encoded. */
const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

/** The S3-event handler: one use-case call per record, in order. */
export function makeFileIngestHandler(deps: FileIngestDeps) {
  return middy<S3Event, void>(async (event: S3Event) => {
    for (const record of event.Records) {
      const request = { bucket: record.s3.bucket.name, key: decodeKey(record.s3.object.key) };
      const outcome = await ingestFile(request, deps);
      if (outcome.kind === 'ignored') {
        deps.logger.warn('object ignored', { key: request.key, reason: outcome.reason });
        continue;
      }
      const { result } = outcome;
      deps.logger.info('file ingested', {
        uploadId: result.uploadId,
        status: result.status,
        records: result.records,
        accepted: result.accepted,
        rejected: result.rejected,
        failure: result.failure?.code,
      });
      deps.metrics.addMetric('RecordsAccepted', MetricUnit.Count, result.accepted ?? 0);
      deps.metrics.addMetric('RecordsRejected', MetricUnit.Count, result.rejected ?? 0);
      deps.metrics.addMetric(
        result.status === 'failed' ? 'FilesFailed' : 'FilesProcessed',
        MetricUnit.Count,
        1,
      );
    }
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics));
}
