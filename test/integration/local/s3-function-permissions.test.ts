/**
 * The local S3 stand-in enforces each function's role: a function's own key may take the actions
 * its topology needs grant (the same table as the CDK grants) and nothing else. With the grant the
 * lake writer had before issue 17 (PutObject only on curated), its dedup check (HeadObject) is
 * refused locally exactly as S3 refused it in AWS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionCredentials, keyRing, s3GrantsOf } from '../../../infra/local/function-credentials';
import { bucketNames, localHost, localRegion } from '../../../infra/local/resources';
import type { RunningServer } from '../../../infra/local/stand-ins/running-server';
import { runS3rver } from '../../../infra/local/stand-ins/s3rver-server';
import { freePort } from '../../../infra/local/tcp-ports';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store';
import { batchFileTags } from '../../../shared/domain/lake/lake-layout';
import { type FunctionSpec, functionNamed } from '../../../shared/topology';

interface StandIn {
  readonly endpoint: string;
  readonly server: RunningServer;
}

const servers: StandIn[] = [];
let dir: string;

async function standIn(
  specs: readonly FunctionSpec[],
  grantsOf?: Parameters<typeof keyRing>[1],
): Promise<string> {
  const port = await freePort();
  const server = await runS3rver(
    port,
    localHost,
    join(dir, String(port)),
    () => {},
    keyRing(specs, grantsOf),
  );
  servers.push({ endpoint: `http://${localHost}:${port}`, server });
  return `http://${localHost}:${port}`;
}

/** The S3 client a function's process builds, with that function's local credentials. */
function clientOf(name: string, endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: localRegion,
    credentials: functionCredentials(name),
    forcePathStyle: true,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler(),
  });
}

const lakeWriter = functionNamed('lake-writer');
const queries = functionNamed('queries');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nexus-s3-permissions-'));
});
afterAll(async () => {
  for (const { server } of servers) await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('local S3 permissions follow the functions’ roles', () => {
  it('lets the lake writer write and check curated objects, and nothing it was not granted', async () => {
    const endpoint = await standIn([lakeWriter, queries]);
    const store = new S3ObjectStore(clientOf('lake-writer', endpoint));

    await store.put(
      bucketNames.curated,
      'tenant=t/dataset=events/a.parquet',
      'x',
      'application/octet-stream',
    );
    expect(await store.exists(bucketNames.curated, 'tenant=t/dataset=events/a.parquet')).toBe(true);
    // s3:ListBucket is granted, so a missing key is a 404 (false), not a 403.
    expect(await store.exists(bucketNames.curated, 'tenant=t/dataset=events/missing.parquet')).toBe(false);

    await expect(store.put(bucketNames.upload, 'uploads/x.csv', 'x', 'text/csv')).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(
      clientOf('lake-writer', endpoint).send(
        new DeleteObjectCommand({ Bucket: bucketNames.curated, Key: 'tenant=t/dataset=events/a.parquet' }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('lets the query function read the curated zone but not write it', async () => {
    const endpoint = await standIn([lakeWriter, queries]);
    await new S3ObjectStore(clientOf('lake-writer', endpoint)).put(
      bucketNames.curated,
      'k',
      'v',
      'text/plain',
    );
    const store = new S3ObjectStore(clientOf('queries', endpoint));

    expect(new TextDecoder().decode((await store.get(bucketNames.curated, 'k')) ?? new Uint8Array())).toBe(
      'v',
    );
    await expect(store.put(bucketNames.curated, 'k2', 'v', 'text/plain')).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('refuses the lake writer’s dedup check with the pre-issue-17 grant (PutObject only), as S3 did', async () => {
    // The curated grant the lake writer's role had before: put objects, no read, no list.
    const before = (spec: FunctionSpec) =>
      s3GrantsOf(spec.needs).map((g) =>
        g.bucket === bucketNames.curated ? { ...g, actions: ['s3:AbortMultipartUpload', 's3:PutObject'] } : g,
      );
    const port = await freePort();
    servers.push({
      endpoint: `http://${localHost}:${port}`,
      server: await runS3rver(
        port,
        localHost,
        join(dir, String(port)),
        () => {},
        keyRing([lakeWriter], before),
      ),
    });
    const store = new S3ObjectStore(clientOf('lake-writer', `http://${localHost}:${port}`));

    await store.put(
      bucketNames.curated,
      'tenant=t/dataset=events/a.parquet',
      'x',
      'application/octet-stream',
    );
    // Both an existing and a missing object: 403 AccessDenied, so the batch would fail and retry.
    for (const key of ['tenant=t/dataset=events/a.parquet', 'tenant=t/dataset=events/missing.parquet'])
      await expect(store.exists(bucketNames.curated, key)).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
  });

  it('lets the lake writer tag its batch files, and refuses a tagged PUT without s3:PutObjectTagging, as S3 does', async () => {
    const untagging = (spec: FunctionSpec) =>
      s3GrantsOf(spec.needs).map((g) => ({
        ...g,
        actions: g.actions.filter((a) => a !== 's3:PutObjectTagging'),
      }));
    const granted = new S3ObjectStore(clientOf('lake-writer', await standIn([lakeWriter])));
    const ungranted = new S3ObjectStore(clientOf('lake-writer', await standIn([lakeWriter], untagging)));
    const key = 'tenant=t/dataset=events/a.parquet';

    await granted.put(bucketNames.curated, key, 'x', 'application/octet-stream', batchFileTags);
    await ungranted.put(bucketNames.curated, key, 'x', 'application/octet-stream');
    await expect(
      ungranted.put(bucketNames.curated, key, 'x', 'application/octet-stream', batchFileTags),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('derives the grants from the needs with the CDK grants’ action table', () => {
    expect(s3GrantsOf(lakeWriter.needs).find((g) => g.bucket === bucketNames.curated)?.actions).toEqual([
      's3:AbortMultipartUpload',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      's3:PutObjectTagging',
    ]);
    expect(
      s3GrantsOf(queries.needs)
        .map((g) => g.bucket)
        .sort(),
    ).toEqual([bucketNames.curated, bucketNames.queryResults].sort());
  });
});
