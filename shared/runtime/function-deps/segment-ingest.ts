/** What the segment-ingest function runs with: the events schema lookup and the event stream. */
import { eventSink } from '../event-sink';
import { createLogger, createMetrics } from '../http-handler';
import { datasetLookup } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function segmentIngestDeps(rt: Runtime = runtime()) {
  return {
    findDataset: datasetLookup(rt),
    sink: eventSink(rt),
    now: () => new Date(),
    logger: createLogger('segment-ingest'),
    metrics: createMetrics('segment-ingest'),
  };
}
