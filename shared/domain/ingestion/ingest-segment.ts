/** Use case: a Segment-compatible call or batch in, `events` records on the stream out. */
import { eventsDatasetSchema } from '../catalog/dataset-schema';
import { type IngestDeps, type IngestResult, ingestParsed } from './ingest-records';
import { parseSegmentRequest, type SegmentPath } from './segment-messages';

export interface SegmentIngestRequest {
  readonly tenantId: string;
  readonly path: SegmentPath;
  readonly body: Uint8Array;
  readonly contentEncoding?: string | undefined;
}

export async function ingestSegment(request: SegmentIngestRequest, deps: IngestDeps): Promise<IngestResult> {
  const parsed = parseSegmentRequest({
    path: request.path,
    body: request.body,
    receivedAt: deps.now(),
    contentEncoding: request.contentEncoding,
  });
  return ingestParsed({ tenantId: request.tenantId, dataset: eventsDatasetSchema.dataset, parsed }, deps);
}
