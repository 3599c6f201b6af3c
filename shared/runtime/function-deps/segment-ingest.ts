/** What the segment-ingest function runs with: the events schema lookup, the event stream and the daily event quota. */
import { eventSink } from '../event-sink';
import { createLogger, createMetrics } from '../http-handler';
import { datasetLookup } from '../metadata-stores';
import { dailyEventQuota } from '../rate-limit-store';
import { type Runtime, runtime } from '../runtime';

export function segmentIngestDeps(rt: Runtime = runtime()) {
  return {
    findDataset: datasetLookup(rt),
    sink: eventSink(rt),
    chargeEvents: dailyEventQuota(rt),
    now: () => new Date(),
    logger: createLogger('segment-ingest'),
    metrics: createMetrics('segment-ingest'),
  };
}
