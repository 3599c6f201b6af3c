/** What the ingest-records function runs with: dataset schemas and the event stream. */
import { eventSink } from '../event-sink';
import { createLogger, createMetrics } from '../http-handler';
import { datasetLookup } from '../metadata-stores';
import { type Runtime, runtime } from '../runtime';

export function ingestRecordsDeps(rt: Runtime = runtime()) {
  return {
    findDataset: datasetLookup(rt),
    sink: eventSink(rt),
    now: () => new Date(),
    logger: createLogger('ingest-records'),
    metrics: createMetrics('ingest-records'),
  };
}
