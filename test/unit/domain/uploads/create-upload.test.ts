import { describe, expect, it } from 'vitest';
import { createUpload, createUploadInput } from '../../../../shared/domain/uploads/create-upload';
import { parseUploadKey, resultKey } from '../../../../shared/domain/uploads/upload-key';
import { getUploadStatus } from '../../../../shared/domain/uploads/upload-result';
import type { PresignPutRequest, UploadSigner } from '../../../../shared/ports/upload-signer';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryDatasetCatalog } from '../../../support/twins/in-memory-dataset-catalog';
import { InMemoryObjectStore } from '../../../support/twins/in-memory-object-store';

const BUCKET = 'uploads-bucket';
const UPLOAD = '6c0e5f1a-1c2b-4d3e-8f90-123456789abc';
const NOW = new Date('2026-11-27T10:00:00.000Z');

class RecordingSigner implements UploadSigner {
  readonly requests: PresignPutRequest[] = [];
  async presignPut(request: PresignPutRequest) {
    this.requests.push(request);
    return { url: `https://signed.example/${request.key}`, headers: { 'Content-Type': request.contentType } };
  }
}

function setup() {
  const signer = new RecordingSigner();
  const objects = new InMemoryObjectStore();
  const catalog = new InMemoryDatasetCatalog();
  const deps = {
    findDataset: (t: string, n: string) => catalog.find(t, n),
    signer,
    objects,
    uploadBucket: BUCKET,
    newId: () => UPLOAD,
    now: () => NOW,
  };
  return { signer, objects, deps };
}

describe('createUpload', () => {
  it('signs a PUT pinned to the tenant key, type, encoding and size, valid 15 minutes', async () => {
    const { signer, deps } = setup();
    const input = createUploadInput.parse({
      contentType: 'text/csv',
      contentEncoding: 'gzip',
      sizeBytes: 1234,
    });

    const created = await createUpload(TENANT_A, input, deps);

    expect(signer.requests).toEqual([
      {
        bucket: BUCKET,
        key: created.key,
        contentType: 'text/csv',
        contentLength: 1234,
        contentEncoding: 'gzip',
        expiresInSeconds: 900,
      },
    ]);
    expect(parseUploadKey(created.key)).toEqual({
      tenantId: TENANT_A,
      dataset: 'events',
      uploadId: UPLOAD,
      format: 'csv',
      gzip: true,
    });
    expect(created).toMatchObject({ uploadId: UPLOAD, method: 'PUT', expiresAt: '2026-11-27T10:15:00.000Z' });
  });

  it('leaves a pending result that only its tenant can read', async () => {
    const { objects, deps } = setup();
    const created = await createUpload(
      TENANT_A,
      createUploadInput.parse({ contentType: 'application/xml', sizeBytes: 1 }),
      deps,
    );
    expect(objects.keys(BUCKET)).toEqual([resultKey(TENANT_A, UPLOAD)]);
    expect(await getUploadStatus(TENANT_A, UPLOAD, { objects, uploadBucket: BUCKET })).toMatchObject({
      status: 'pending',
      key: created.key,
    });
    await expect(getUploadStatus(TENANT_B, UPLOAD, { objects, uploadBucket: BUCKET })).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    });
    await expect(getUploadStatus(TENANT_A, '../x', { objects, uploadBucket: BUCKET })).rejects.toMatchObject({
      code: 'UPLOAD_NOT_FOUND',
    });
  });

  it('refuses an unknown dataset before signing anything', async () => {
    const { signer, objects, deps } = setup();
    const input = createUploadInput.parse({ dataset: 'orders', contentType: 'text/csv', sizeBytes: 10 });
    await expect(createUpload(TENANT_A, input, deps)).rejects.toMatchObject({
      code: 'DATASET_NOT_FOUND',
      details: [{ path: 'dataset' }],
    });
    expect(signer.requests).toEqual([]);
    expect(objects.keys(BUCKET)).toEqual([]);
  });

  it.each([
    [{ contentType: 'text/csv', sizeBytes: 0 }, 'sizeBytes'],
    [{ contentType: 'text/csv', sizeBytes: 100 * 1_048_576 + 1 }, 'sizeBytes'],
    [{ contentType: 'text/csv', sizeBytes: 1.5 }, 'sizeBytes'],
    [{ contentType: 'image/png', sizeBytes: 10 }, 'contentType'],
    [{ contentType: 'text/csv', contentEncoding: 'br', sizeBytes: 10 }, 'contentEncoding'],
    [{ contentType: 'text/csv', sizeBytes: 10, dataset: 'Bad-Name' }, 'dataset'],
    [{ contentType: 'text/csv', sizeBytes: 10, tenantId: TENANT_B }, ''],
  ])('refuses %j (at %s)', (input, path) => {
    const parsed = createUploadInput.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts the maximum size', () => {
    expect(createUploadInput.safeParse({ contentType: 'text/csv', sizeBytes: 100 * 1_048_576 }).success).toBe(
      true,
    );
  });
});
