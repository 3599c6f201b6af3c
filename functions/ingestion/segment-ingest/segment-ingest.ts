/** POST /v1/{track,identify,page,screen,group,alias,batch}: Segment's HTTP Tracking API into `events`. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type IngestDeps } from '../../../shared/domain/ingestion/ingest-records';
import { ingestSegment } from '../../../shared/domain/ingestion/ingest-segment';
import type { SegmentPath } from '../../../shared/domain/ingestion/segment-messages';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { header, principalOf, rawBody } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';

export interface SegmentIngestDeps extends IngestDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export const segmentIngestRoutes = (deps: SegmentIngestDeps) => {
  /** SDKs treat any 2xx as delivered; `success` is what Segment's own API answers. */
  const ingest = (path: SegmentPath) => async (event: APIGatewayProxyEvent) => {
    const { tenantId } = principalOf(event, 'ingest');
    const result = await ingestSegment(
      { tenantId, path, body: rawBody(event), contentEncoding: header(event, 'content-encoding') },
      deps,
    );
    deps.logger.info('segment messages ingested', {
      path,
      accepted: result.accepted,
      rejected: result.rejected,
    });
    deps.metrics.addMetric('RecordsAccepted', MetricUnit.Count, result.accepted);
    deps.metrics.addMetric('RecordsRejected', MetricUnit.Count, result.rejected);
    return jsonResponse(200, { success: true, ...result });
  };
  return routeTable({
    'POST /v1/track': ingest('track'),
    'POST /v1/identify': ingest('identify'),
    'POST /v1/page': ingest('page'),
    'POST /v1/screen': ingest('screen'),
    'POST /v1/group': ingest('group'),
    'POST /v1/alias': ingest('alias'),
    'POST /v1/batch': ingest('batch'),
  });
};

export function makeSegmentIngestHandler(deps: SegmentIngestDeps) {
  return httpHandler(deps.logger, segmentIngestRoutes(deps)).use(logMetrics(deps.metrics));
}
