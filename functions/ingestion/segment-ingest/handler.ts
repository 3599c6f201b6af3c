/** Lambda entry of the Segment-compatible tracking paths (/v1/track, /v1/batch, ...). */
import { segmentIngestDeps } from '../../../shared/runtime/function-deps/segment-ingest';
import { makeSegmentIngestHandler } from './segment-ingest';

export const handler = makeSegmentIngestHandler(segmentIngestDeps());
