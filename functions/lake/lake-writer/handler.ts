import { DynamoIdempotencyStore } from '../../../shared/adapters/aws/dynamodb-idempotency-store';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { cachedSchemaVersions } from '../../../shared/domain/catalog/schema-cache';
import { unpackEnvelope } from '../../../shared/domain/ingestion/stream-envelope';
import { dynamoDocumentClient } from '../../../shared/runtime/clients/dynamodb-client';
import { s3Client } from '../../../shared/runtime/clients/s3-client';
import { required } from '../../../shared/runtime/config';
import { datasetCatalog, runtime } from '../../../shared/runtime/deps';
import { createLogger, createMetrics } from '../../../shared/runtime/http-handler';
import { makeLakeWriterHandler } from './lake-writer';

const rt = runtime();
const { config } = rt;
const catalog = datasetCatalog();

export const handler = makeLakeWriterHandler({
  unpack: unpackEnvelope,
  schemaOf: cachedSchemaVersions(catalog),
  objects: new S3ObjectStore(rt.client(s3Client)),
  idempotency: new DynamoIdempotencyStore(rt.client(dynamoDocumentClient), {
    tableName: required(config, 'idempotencyTable'),
  }),
  rawBucket: required(config, 'rawBucket'),
  curatedBucket: required(config, 'curatedBucket'),
  quarantineBucket: required(config, 'quarantineBucket'),
  logger: createLogger('lake-writer'),
  metrics: createMetrics('lake-writer'),
});
