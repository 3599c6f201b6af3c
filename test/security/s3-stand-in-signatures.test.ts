/**
 * Attack suite, storage stand-in: s3rver answers only correctly SigV4-signed requests, header-
 * or URL-signed, as S3 does. Unsigned, wrongly keyed, replayed-elsewhere or stale requests get
 * S3's 403 and change nothing: no listing of the lake, no reading another tenant's results, no
 * PUT into another tenant's upload prefix.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FinalizeHandler, FinalizeHandlerArguments } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketNames, localRegion } from '../../infra/local/resources';
import { definedProps } from '../../shared/domain/defined-props';
import { EnvNames } from '../../shared/runtime/env-names';
import { type ContractStack, startContractStack } from '../contract/contract-stand-ins';

let stack: ContractStack;
let endpoint: string;
const bucket = bucketNames.upload;
const victimKey = 'uploads/tenant=victim/batch.ndjson';

function client(secretAccessKey: string, tamper?: (path: string) => string): S3Client {
  const s3 = new S3Client({
    endpoint,
    region: localRegion,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey },
    maxAttempts: 1,
  });
  if (tamper) {
    // Rewrites the request after it was signed, as a man in the middle would.
    const rewrite = (next: FinalizeHandler<object, object>) => (args: FinalizeHandlerArguments<object>) => {
      const request = args.request as { path: string };
      request.path = tamper(request.path);
      return next(args);
    };
    s3.middlewareStack.addRelativeTo(
      rewrite as unknown as Parameters<typeof s3.middlewareStack.addRelativeTo>[0],
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' },
    );
  }
  return s3;
}

beforeAll(async () => {
  stack = await startContractStack(['s3']);
  endpoint = stack.env[EnvNames.endpointS3] as string;
  await client('S3RVER').send(
    new PutObjectCommand({ Bucket: bucket, Key: victimKey, Body: '{"secret":1}\n' }),
  );
});
afterAll(async () => {
  await stack?.stop();
});

describe('S3 stand-in signatures', () => {
  it.each([
    ['lists a bucket', 'GET', `/${bucket}?list-type=2`, undefined],
    ['reads an object', 'GET', `/${bucket}/${victimKey}`, undefined],
    ['lists the buckets', 'GET', '/', undefined],
    [
      'reads with a forged header',
      'GET',
      `/${bucket}/${victimKey}`,
      'AWS4-HMAC-SHA256 Credential=S3RVER/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
    ],
  ])('refuses an unsigned request that %s with 403', async (_, method, path, authorization) => {
    const response = await fetch(
      `${endpoint}${path}`,
      definedProps({ method, headers: authorization ? { authorization } : undefined }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/<Code>(AccessDenied|SignatureDoesNotMatch)<\/Code>/);
  });

  it("refuses an unsigned PUT into another tenant's upload prefix and stores nothing", async () => {
    const key = 'uploads/tenant=victim/forged.ndjson';
    const response = await fetch(`${endpoint}/${bucket}/${key}`, {
      method: 'PUT',
      body: '{"forged":true}\n',
    });
    expect(response.status).toBe(403);
    await expect(
      client('S3RVER').send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
  });

  it('refuses an SDK request signed with the wrong secret', async () => {
    await expect(
      client('not-the-secret').send(new ListObjectsV2Command({ Bucket: bucket })),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses a header-signed request replayed against another key', async () => {
    const tampered = client('S3RVER', (path) => path.replace('own.ndjson', 'batch.ndjson'));
    await expect(
      tampered.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/tenant=victim/own.ndjson' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('refuses a presigned URL whose key was edited, and serves the one that was signed', async () => {
    const url = await getSignedUrl(
      client('S3RVER'),
      new GetObjectCommand({ Bucket: bucket, Key: victimKey }),
      { expiresIn: 60 },
    );
    const edited = url.replace('batch.ndjson', 'other.ndjson');
    expect((await fetch(edited)).status).toBe(403);
    expect((await fetch(url)).status).toBe(200);
  });

  it('serves a correctly signed SDK request', async () => {
    const listed = await client('S3RVER').send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toContain(victimKey);
  });
});
