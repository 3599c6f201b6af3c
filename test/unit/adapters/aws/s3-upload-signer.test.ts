/**
 * The S3 signer against the local stand-in's SigV4 check: both follow the SigV4 specification
 * independently, so the signed headers really bind type and size (no network, fixed credentials).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { checkPresignedV4 } from '../../../../infra/local/stand-ins/sigv4-check';
import { S3UploadSigner } from '../../../../shared/adapters/aws/s3-upload-signer';

const client = new S3Client({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4569',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
const secretOf = (id: string) => (id === 'S3RVER' ? 'S3RVER' : undefined);
const key = 'uploads/tenant=11111111-1111-4111-8111-111111111111/dataset=events/6c0e5f1a.csv.gz';

async function sign() {
  return new S3UploadSigner(client).presignPut({
    bucket: 'nexus-upload',
    key,
    contentType: 'text/csv',
    contentLength: 1234,
    contentEncoding: 'gzip',
    expiresInSeconds: 900,
  });
}

function asSent(url: string, headers: Record<string, string>) {
  const parsed = new URL(url);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: 'PUT',
    url: `${parsed.pathname}${parsed.search}`,
    headers: { host: parsed.host, ...lower },
  };
}

describe('S3UploadSigner', () => {
  it('signs Content-Type, Content-Length and Content-Encoding, with no checksum in the URL', async () => {
    const { url, headers } = await sign();
    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')?.split(';').sort()).toEqual([
      'content-encoding',
      'content-length',
      'content-type',
      'host',
    ]);
    expect(query.get('X-Amz-Expires')).toBe('900');
    expect([...query.keys()].some((k) => k.toLowerCase().includes('checksum'))).toBe(false);
    expect(headers).toEqual({
      'Content-Type': 'text/csv',
      'Content-Length': '1234',
      'Content-Encoding': 'gzip',
    });
  });

  it('makes a URL the SigV4 check accepts with the given headers only', async () => {
    const { url, headers } = await sign();
    const now = new Date();
    expect(checkPresignedV4(asSent(url, headers), secretOf, now)).toBeNull();
    for (const [name, value] of [
      ['Content-Type', 'application/json'],
      ['Content-Length', '1235'],
      ['Content-Encoding', 'br'],
    ] as const) {
      expect(checkPresignedV4(asSent(url, { ...headers, [name]: value }), secretOf, now)).toMatchObject({
        status: 403,
        code: 'SignatureDoesNotMatch',
      });
    }
    const otherKey = url.replace('6c0e5f1a', '6c0e5f1b');
    expect(checkPresignedV4(asSent(otherKey, headers), secretOf, now)?.code).toBe('SignatureDoesNotMatch');
    expect(checkPresignedV4(asSent(url, headers), secretOf, new Date(now.getTime() + 901_000))?.code).toBe(
      'AccessDenied',
    );
    expect(checkPresignedV4(asSent(url, headers), () => undefined, now)?.code).toBe('InvalidAccessKeyId');
  });
});
