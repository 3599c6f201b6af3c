/** POST /v1/events and /v1/datasets/{name}/records: accept records in any supported format. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { eventsDatasetSchema } from '../../../shared/domain/catalog/dataset-schema';
import { assertDatasetName } from '../../../shared/domain/catalog/register-dataset';
import { type IngestDeps, ingestRecords } from '../../../shared/domain/ingestion/ingest-records';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header, pathParam, principalOf, rawBody } from '../../../shared/runtime/http-request';

export interface IngestRecordsDeps extends IngestDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function makeIngestRecordsHandler(deps: IngestRecordsDeps) {
  return httpHandler(deps.logger, async (event) => {
    const principal = principalOf(event, 'ingest');
    const dataset =
      event.resource === '/v1/events'
        ? eventsDatasetSchema.dataset
        : assertDatasetName(pathParam(event, 'name'));
    const result = await ingestRecords(
      {
        tenantId: principal.tenantId,
        dataset,
        body: rawBody(event),
        contentType: header(event, 'content-type'),
        contentEncoding: header(event, 'content-encoding'),
      },
      deps,
    );
    deps.logger.info('records ingested', { dataset, accepted: result.accepted, rejected: result.rejected });
    deps.metrics.addMetric('RecordsAccepted', MetricUnit.Count, result.accepted);
    deps.metrics.addMetric('RecordsRejected', MetricUnit.Count, result.rejected);
    return jsonResponse(202, result);
  }).use(logMetrics(deps.metrics));
}
