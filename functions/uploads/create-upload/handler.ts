import { randomUUID } from 'node:crypto';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { S3UploadSigner } from '../../../shared/adapters/aws/s3-upload-signer';
import { SchemaCache } from '../../../shared/domain/catalog/schema-cache';
import { s3Client, s3PresignClient } from '../../../shared/runtime/clients/s3-client';
import { required } from '../../../shared/runtime/config';
import { datasetCatalog, runtime } from '../../../shared/runtime/deps';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeCreateUploadHandler } from './create-upload';

const rt = runtime();
const schemas = new SchemaCache(datasetCatalog());

export const handler = makeCreateUploadHandler({
  findDataset: (tenantId, name) => schemas.find(tenantId, name),
  signer: new S3UploadSigner(rt.client(s3PresignClient)),
  objects: new S3ObjectStore(rt.client(s3Client)),
  uploadBucket: required(rt.config, 'uploadBucket'),
  newId: randomUUID,
  now: () => new Date(),
  logger: createLogger('create-upload'),
});
