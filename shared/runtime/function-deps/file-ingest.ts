/** What the file-ingest function runs with: dataset schemas, the upload bucket, the event stream and the daily event quota. */
import { eventSink } from '../event-sink';
import { createLogger, createMetrics } from '../http-handler';
import { datasetLookup } from '../metadata-stores';
import { objectStore } from '../object-store';
import { dailyEventQuota } from '../rate-limit-store';
import { type Runtime, runtime } from '../runtime';

export function fileIngestDeps(rt: Runtime = runtime()) {
  return {
    findDataset: datasetLookup(rt),
    sink: eventSink(rt),
    chargeEvents: dailyEventQuota(rt),
    objects: objectStore(rt),
    now: () => new Date(),
    logger: createLogger('file-ingest'),
    metrics: createMetrics('file-ingest'),
  };
}
