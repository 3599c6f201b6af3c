import { DynamoIdempotencyStore } from '../../../shared/adapters/aws/dynamodb-idempotency-store';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { cachedSchemaVersions } from '../../../shared/domain/catalog/schema-cache';
import { unpackEnvelope } from '../../../shared/domain/ingestion/stream-envelope';
import { required } from '../../../shared/runtime/config';
import { runtime } from '../../../shared/runtime/deps';
import { createLogger, createMetrics } from '../../../shared/runtime/http-handler';
import { makeLakeWriterHandler } from './lake-writer';

const { config, clients } = runtime();
const catalog = runtime().datasetCatalog();

export const handler = makeLakeWriterHandler({
  unpack: unpackEnvelope,
  schemaOf: cachedSchemaVersions(catalog),
  objects: new S3ObjectStore(clients.s3()),
  idempotency: new DynamoIdempotencyStore(clients.dynamoDocument(), {
    tableName: required(config, 'idempotencyTable'),
  }),
  rawBucket: required(config, 'rawBucket'),
  curatedBucket: required(config, 'curatedBucket'),
  quarantineBucket: required(config, 'quarantineBucket'),
  logger: createLogger('lake-writer'),
  metrics: createMetrics('lake-writer'),
});
