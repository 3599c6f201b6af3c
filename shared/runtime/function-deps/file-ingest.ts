/** What the file-ingest function runs with: dataset schemas, the upload bucket and the event stream. */
import { eventSink } from '../event-sink';
import { createLogger, createMetrics } from '../http-handler';
import { datasetLookup } from '../metadata-stores';
import { objectStore } from '../object-store';
import { type Runtime, runtime } from '../runtime';

export function fileIngestDeps(rt: Runtime = runtime()) {
  return {
    findDataset: datasetLookup(rt),
    sink: eventSink(rt),
    objects: objectStore(rt),
    now: () => new Date(),
    logger: createLogger('file-ingest'),
    metrics: createMetrics('file-ingest'),
  };
}
