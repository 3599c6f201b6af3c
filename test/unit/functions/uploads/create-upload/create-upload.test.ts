import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeCreateUploadHandler } from '../../../../../functions/uploads/create-upload/create-upload';
import type { PresignPutRequest, UploadSigner } from '../../../../../shared/ports/upload-signer';
import { apiEvent, lambdaContext, TENANT_A } from '../../../../support/events';
import { InMemoryDatasetCatalog } from '../../../../support/twins/in-memory-dataset-catalog';
import { InMemoryObjectStore } from '../../../../support/twins/in-memory-object-store';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const UPLOAD = '6c0e5f1a-1c2b-4d3e-8f90-123456789abc';

const signer: UploadSigner = {
  async presignPut(request: PresignPutRequest) {
    return {
      url: `https://s3.example/${request.key}?X-Amz-Signature=x`,
      headers: { 'Content-Type': request.contentType },
    };
  },
};

describe('create-upload handler', () => {
  let handler: ReturnType<typeof makeCreateUploadHandler>;

  beforeEach(() => {
    const catalog = new InMemoryDatasetCatalog();
    handler = makeCreateUploadHandler({
      findDataset: (t, n) => catalog.find(t, n),
      signer,
      objects: new InMemoryObjectStore(),
      uploadBucket: 'uploads',
      newId: () => UPLOAD,
      now: () => new Date('2026-11-27T10:00:00.000Z'),
      logger,
    });
  });

  const post = (body: unknown, scopes: ('admin' | 'query' | 'ingest')[] = ['ingest']) =>
    handler(apiEvent({ method: 'POST', path: '/v1/uploads', body, principal: { scopes } }), lambdaContext());
  const get = (uploadId: string, scopes: ('admin' | 'query' | 'ingest')[] = ['ingest']) =>
    handler(
      apiEvent({
        method: 'GET',
        path: `/v1/uploads/${uploadId}`,
        resource: '/v1/uploads/{uploadId}',
        pathParameters: { uploadId },
        principal: { scopes },
      }),
      lambdaContext(),
    );

  it('answers 201 with the URL, method, headers, expiry and key', async () => {
    const response = await post({ contentType: 'application/x-ndjson', sizeBytes: 5_000_000 });
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toEqual({
      uploadId: UPLOAD,
      url: expect.stringContaining(`tenant=${TENANT_A}/dataset=events/${UPLOAD}.ndjson`),
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-ndjson' },
      expiresAt: '2026-11-27T10:15:00.000Z',
      key: `uploads/tenant=${TENANT_A}/dataset=events/${UPLOAD}.ndjson`,
    });
  });

  it('answers 400 with field paths for a bad body', async () => {
    const response = await post({ contentType: 'text/html', sizeBytes: -1 });
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'contentType',
      'sizeBytes',
    ]);
  });

  it('answers 404 in the error shape for an unknown dataset', async () => {
    const response = await post({ dataset: 'orders', contentType: 'text/csv', sizeBytes: 10 });
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'DATASET_NOT_FOUND' });
  });

  it('needs the ingest scope', async () => {
    expect((await post({ contentType: 'text/csv', sizeBytes: 10 }, ['query'])).statusCode).toBe(403);
    expect((await get(UPLOAD, ['query'])).statusCode).toBe(403);
  });

  it('reads the upload status back, 404 for an unknown one', async () => {
    await post({ contentType: 'text/csv', sizeBytes: 10 });
    const found = await get(UPLOAD);
    expect(found.statusCode).toBe(200);
    expect(JSON.parse(found.body)).toMatchObject({ uploadId: UPLOAD, status: 'pending', dataset: 'events' });
    expect((await get('3f7c1c5e-2b7e-4a53-9d55-6a9d0b0f1e2a')).statusCode).toBe(404);
  });
});
