/** POST /v1/events and /v1/datasets/{name}/records: accept records in any supported format. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { eventsDatasetSchema } from '../../../shared/domain/catalog/dataset-schema';
import { assertDatasetName } from '../../../shared/domain/catalog/register-dataset';
import { type IngestDeps, ingestRecords } from '../../../shared/domain/ingestion/ingest-records';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header, pathParam, principalOf, rawBody } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';

export interface IngestRecordsDeps extends IngestDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export const ingestRecordsRoutes = (deps: IngestRecordsDeps) => {
  /** Both routes run the one ingest use case; they differ only in where the dataset name comes from. */
  const ingest = async (event: APIGatewayProxyEvent, dataset: () => string) => {
    const { tenantId } = principalOf(event, 'ingest');
    const name = dataset();
    const result = await ingestRecords(
      {
        tenantId,
        dataset: name,
        body: rawBody(event),
        contentType: header(event, 'content-type'),
        contentEncoding: header(event, 'content-encoding'),
      },
      deps,
    );
    // Counts are in the EMF metrics below and every request is in the API's access log, so the
    // routine line is DEBUG (at the anchor's load it was half the ingest logs' cost); a request
    // with rejected records still logs at INFO, for the tenant's support case.
    const details = { dataset: name, accepted: result.accepted, rejected: result.rejected };
    if (result.rejected > 0) deps.logger.info('records ingested', details);
    else deps.logger.debug('records ingested', details);
    deps.metrics.addMetric('RecordsAccepted', MetricUnit.Count, result.accepted);
    deps.metrics.addMetric('RecordsRejected', MetricUnit.Count, result.rejected);
    return jsonResponse(202, result);
  };
  return routeTable({
    'POST /v1/events': (event) => ingest(event, () => eventsDatasetSchema.dataset),
    'POST /v1/datasets/{name}/records': (event) =>
      ingest(event, () => assertDatasetName(pathParam(event, 'name'))),
  });
};

export function makeIngestRecordsHandler(deps: IngestRecordsDeps) {
  return httpHandler(deps.logger, ingestRecordsRoutes(deps)).use(logMetrics(deps.metrics));
}
