import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event, ScheduledEvent } from 'aws-lambda';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localKinesisClient, localS3Client } from '../../../infra/local/aws-clients';
import { silentLog } from '../../../infra/local/log';
import { type LocalPlatform, startLocalPlatform } from '../../../infra/local/platform';
import { putRecords } from '../../support/local/kinesis-fixture';
import { platformTestFunctions } from '../../support/local/platform-functions';
import { waitForNoDescendants } from '../../support/local/processes';
import { freeStandInPorts, makeTempDataDir, removeTempDataDir } from '../../support/local/temp-dir';
import { waitFor } from '../../support/local/wait';

async function lines(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
  } catch {
    return [];
  }
}

describe('local platform', () => {
  let dataDir: string;
  let platform: LocalPlatform;
  let streamFile: string;
  let s3File: string;

  const start = () =>
    startLocalPlatform({
      dataDir,
      port: 0,
      standInPorts: freeStandInPorts,
      functions: platformTestFunctions,
      tuning: { idlePollMs: 20, batchingWindowMs: 20, retryBaseDelayMs: 10, retryMaxDelayMs: 50 },
      log: silentLog,
    });

  beforeAll(async () => {
    dataDir = await makeTempDataDir();
    streamFile = path.join(dataDir, 'stream.txt');
    s3File = path.join(dataDir, 's3.ndjson');
    process.env.NEXUS_TEST_STREAM_FILE = streamFile;
    process.env.NEXUS_TEST_S3_FILE = s3File;
    platform = await start();
  });

  afterAll(async () => {
    await platform?.stop();
    await removeTempDataDir(dataDir);
  });

  async function tenantExists(tenantId: string): Promise<boolean> {
    const client = new pg.Client({ connectionString: platform.standIns.databaseUrl });
    await client.connect();
    const found = await client.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
    await client.end();
    return found.rowCount === 1;
  }

  it('migrates the database, creates the demo tenant and serves the routes', async () => {
    expect(await tenantExists(platform.tenantId)).toBe(true);
    expect(platform.apiKey.length).toBeGreaterThan(16);
    const response = await fetch(`${platform.apiUrl}/items/1`, { headers: { authorization: 'Bearer good' } });
    expect(response.status).toBe(200);
    const info = JSON.parse(await readFile(path.join(dataDir, 'local.json'), 'utf8')) as Record<
      string,
      string
    >;
    expect(info).toEqual({
      apiUrl: platform.apiUrl,
      apiKey: platform.apiKey,
      tenantId: platform.tenantId,
      operatorKey: platform.operatorKey,
    });
  });

  it('keeps feeding the stream consumer across a SIGKILL and restart, losing nothing', async () => {
    const kinesis = localKinesisClient(platform.standIns.endpoints.kinesis);
    const sent = Array.from({ length: 300 }, (_, index) => `event-${index}`);
    await putRecords(kinesis, 'nexus-events', sent);
    await waitFor(async () => (await lines(streamFile)).length >= 40, 15_000, 'first records');
    const worker = platform.workers.get('stream-recorder');
    if (!worker) throw new Error('no worker for stream-recorder');
    const crashedPid = worker.pid;
    worker.kill('SIGKILL');
    expect(await worker.exited).toBeNull();
    await worker.restart();
    expect(worker.pid).not.toBe(crashedPid);
    await waitFor(async () => new Set(await lines(streamFile)).size >= 300, 20_000, 'all 300 records');
    expect(new Set(await lines(streamFile))).toEqual(new Set(sent));
    kinesis.destroy();
  });

  it('delivers S3 object-created events for the source prefix, with URL-encoded keys', async () => {
    const s3 = localS3Client(platform.standIns.endpoints.s3);
    await s3.send(
      new PutObjectCommand({ Bucket: 'nexus-upload', Key: 'uploads/my file.csv', Body: 'a,b\n1,2\n' }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'nexus-upload', Key: 'elsewhere/x.csv', Body: 'x' }));
    await waitFor(async () => (await lines(s3File)).length >= 1, 10_000, 'S3 event');
    await platform.s3Idle();
    const events = (await lines(s3File)).map((line) => JSON.parse(line) as S3Event);
    expect(events).toHaveLength(1);
    const record = events[0]?.Records[0];
    expect(record?.eventSource).toBe('aws:s3');
    expect(record?.eventName).toBe('ObjectCreated:Put');
    expect(record?.s3.bucket.name).toBe('nexus-upload');
    expect(record?.s3.object.key).toBe('uploads/my+file.csv');
    expect(record?.s3.object.size).toBe(8);
    expect(record?.s3.object.eTag).toMatch(/^[0-9a-f]{32}$/);
    // Paged listings work (s3rver runs with the legacy OpenSSL provider).
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'nexus-upload', MaxKeys: 1 }));
    const next = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'nexus-upload',
        MaxKeys: 1,
        ContinuationToken: page.NextContinuationToken,
      }),
    );
    expect(next.Contents).toHaveLength(1);
    s3.destroy();
  });

  it('runs a schedule on demand with a Scheduler-like event, in a thread of its own', async () => {
    const result = (await platform.triggerSchedule('scheduled-echo')) as {
      received: ScheduledEvent;
      threadId: number;
    };
    expect(result.received['detail-type']).toBe('Scheduled Event');
    expect(result.received.resources[0]).toContain('schedule/default/nexus-local-scheduled-echo');
    // Not the API's thread: a scheduled run never blocks the gateway's event loop.
    expect(result.threadId).not.toBe(threadId);
  });

  it('stops with no child process left, and reuses the demo tenant on the next start', async () => {
    const { apiKey, tenantId } = platform;
    await platform.stop();
    expect(await waitForNoDescendants()).toEqual([]);
    platform = await start();
    expect({ apiKey: platform.apiKey, tenantId: platform.tenantId }).toEqual({ apiKey, tenantId });
    expect(await tenantExists(tenantId)).toBe(true);
  });
});
