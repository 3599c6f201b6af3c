import { KinesisEventSink } from '../../../shared/adapters/aws/kinesis-event-sink';
import { SchemaCache } from '../../../shared/domain/catalog/schema-cache';
import { kinesisClient } from '../../../shared/runtime/clients/kinesis-client';
import { required } from '../../../shared/runtime/config';
import { datasetCatalog, runtime } from '../../../shared/runtime/deps';
import { createLogger, createMetrics } from '../../../shared/runtime/http-handler';
import { makeIngestRecordsHandler } from './ingest-records';

const rt = runtime();
const { config } = rt;
const schemas = new SchemaCache(datasetCatalog());

export const handler = makeIngestRecordsHandler({
  findDataset: (tenantId, name) => schemas.find(tenantId, name),
  sink: new KinesisEventSink(rt.client(kinesisClient), { streamName: required(config, 'eventStreamName') }),
  now: () => new Date(),
  logger: createLogger('ingest-records'),
  metrics: createMetrics('ingest-records'),
});
