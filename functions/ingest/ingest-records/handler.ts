import { KinesisEventSink } from '../../../shared/adapters/aws/kinesis-event-sink';
import { SchemaCache } from '../../../shared/domain/catalog/schema-cache';
import { required } from '../../../shared/runtime/config';
import { runtime } from '../../../shared/runtime/deps';
import { createLogger, createMetrics } from '../../../shared/runtime/http-handler';
import { makeIngestRecordsHandler } from './ingest-records';

const { config, clients } = runtime();
const schemas = new SchemaCache(runtime().datasetCatalog());

export const handler = makeIngestRecordsHandler({
  findDataset: (tenantId, name) => schemas.find(tenantId, name),
  sink: new KinesisEventSink(clients.kinesis(), { streamName: required(config, 'eventStreamName') }),
  now: () => new Date(),
  logger: createLogger('ingest-records'),
  metrics: createMetrics('ingest-records'),
});
