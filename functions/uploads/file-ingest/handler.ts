import { KinesisEventSink } from '../../../shared/adapters/aws/kinesis-event-sink';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { SchemaCache } from '../../../shared/domain/catalog/schema-cache';
import { kinesisClient } from '../../../shared/runtime/clients/kinesis-client';
import { s3Client } from '../../../shared/runtime/clients/s3-client';
import { required } from '../../../shared/runtime/config';
import { datasetCatalog, runtime } from '../../../shared/runtime/deps';
import { createLogger, createMetrics } from '../../../shared/runtime/http-handler';
import { makeFileIngestHandler } from './file-ingest';

const rt = runtime();
const { config } = rt;
const schemas = new SchemaCache(datasetCatalog());

export const handler = makeFileIngestHandler({
  findDataset: (tenantId, name) => schemas.find(tenantId, name),
  sink: new KinesisEventSink(rt.client(kinesisClient), { streamName: required(config, 'eventStreamName') }),
  objects: new S3ObjectStore(rt.client(s3Client)),
  now: () => new Date(),
  logger: createLogger('file-ingest'),
  metrics: createMetrics('file-ingest'),
});
