import { describe, expect, it } from 'vitest';
import {
  parseUploadKey,
  resultKey,
  uploadKey,
  uploadsPrefix,
} from '../../../../shared/domain/uploads/upload-key';
import { TENANT_A } from '../../../support/events';

const UPLOAD = '6c0e5f1a-1c2b-4d3e-8f90-123456789abc';

describe('upload keys', () => {
  it('puts tenant, dataset and upload id in a Hive-style key under the watched prefix', () => {
    const key = uploadKey({
      tenantId: TENANT_A,
      dataset: 'orders',
      uploadId: UPLOAD,
      format: 'csv',
      gzip: true,
    });
    expect(key).toBe(`uploads/tenant=${TENANT_A}/dataset=orders/${UPLOAD}.csv.gz`);
    expect(key.startsWith(uploadsPrefix)).toBe(true);
  });

  it('reads back exactly the parts it was built from', () => {
    for (const format of ['json', 'ndjson', 'csv', 'xml'] as const) {
      for (const gzip of [false, true]) {
        const parts = { tenantId: TENANT_A, dataset: 'events', uploadId: UPLOAD, format, gzip };
        expect(parseUploadKey(uploadKey(parts))).toEqual(parts);
      }
    }
  });

  it.each([
    ['another prefix', `results/tenant=${TENANT_A}/dataset=events/${UPLOAD}.csv`],
    ['a tenant that is no id', `uploads/tenant=../x/dataset=events/${UPLOAD}.csv`],
    ['a tenant that is no uuid', `uploads/tenant=acme/dataset=events/${UPLOAD}.csv`],
    ['a bad dataset name', `uploads/tenant=${TENANT_A}/dataset=Events/${UPLOAD}.csv`],
    ['an upload id that is no uuid', `uploads/tenant=${TENANT_A}/dataset=events/abc.csv`],
    ['an unknown extension', `uploads/tenant=${TENANT_A}/dataset=events/${UPLOAD}.parquet`],
    ['a deeper path', `uploads/tenant=${TENANT_A}/dataset=events/x/${UPLOAD}.csv`],
  ])('refuses %s', (_what, key) => {
    expect(parseUploadKey(key)).toBeNull();
  });

  it('keeps results outside the uploads prefix, under the tenant', () => {
    const key = resultKey(TENANT_A, UPLOAD);
    expect(key.startsWith(uploadsPrefix)).toBe(false);
    expect(key).toContain(TENANT_A);
  });
});
