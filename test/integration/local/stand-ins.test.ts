import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import {
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient, localKinesisClient, localS3Client } from '../../../infra/local/aws-clients';
import { localEnvironment } from '../../../infra/local/environment';
import { silentLog } from '../../../infra/local/log';
import { bucketNames, localCredentials } from '../../../infra/local/resources';
import { type StandIns, startStandIns } from '../../../infra/local/stand-ins/start-stand-ins';
import { PortInUseError } from '../../../infra/local/tcp-ports';
import { EnvNames } from '../../../shared/runtime/env-names';
import { waitForNoDescendants } from '../../support/local/processes';
import { freeStandInPorts, makeTempDataDir, removeTempDataDir } from '../../support/local/temp-dir';

describe('stand-ins', () => {
  let dataDir: string;
  let standIns: StandIns;

  beforeAll(async () => {
    dataDir = await makeTempDataDir();
    standIns = await startStandIns({ dataDir, ports: freeStandInPorts, log: silentLog });
  });

  afterAll(async () => {
    await standIns?.stop();
    await removeTempDataDir(dataDir);
  });

  it('serves the nexus database on embedded postgres', async () => {
    const client = new pg.Client({ connectionString: standIns.databaseUrl });
    await client.connect();
    const result = await client.query<{ db: string; version: string }>(
      'SELECT current_database() AS db, current_setting($1) AS version',
      ['server_version_num'],
    );
    await client.end();
    expect(result.rows[0]?.db).toBe('nexus');
    expect(result.rows[0]?.version.startsWith('17')).toBe(true);
  });

  it('creates the event stream with two shards, the buckets and the tables', async () => {
    const kinesis = localKinesisClient(standIns.endpoints.kinesis);
    const stream = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'nexus-events' }));
    expect(stream.StreamDescriptionSummary?.OpenShardCount).toBe(2);

    const s3 = localS3Client(standIns.endpoints.s3);
    const buckets = await s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((bucket) => bucket.Name).sort()).toEqual([
      'nexus-curated',
      'nexus-quarantine',
      'nexus-query-results',
      'nexus-raw',
      'nexus-report-files',
      'nexus-upload',
    ]);

    const dynamodb = localDynamoDbClient(standIns.endpoints.dynamodb);
    const rollups = await dynamodb.send(new DescribeTableCommand({ TableName: 'nexus-rollups' }));
    expect(rollups.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(rollups.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('makes an S3 object visible on disk only once it is complete, as S3 does', async () => {
    const s3 = localS3Client(standIns.endpoints.s3);
    const bucket = bucketNames.curated;
    const key = 'curated/atomic/part-0.parquet';
    const body = Buffer.alloc(8 * 1024 * 1024, 7);
    const file = join(standIns.lakeDir, bucket, 'curated', 'atomic', 'part-0.parquet._S3rver_object');
    const sizesSeen: number[] = [];
    let writing = true;
    let deadline = Number.POSITIVE_INFINITY;
    const watcher = (async () => {
      // Keeps watching after the put (for up to 5 s) until the file has been seen at least once.
      while (writing || (sizesSeen.length === 0 && Date.now() < deadline)) {
        const size = await stat(file).then(
          (s) => s.size,
          () => undefined,
        );
        if (size !== undefined) sizesSeen.push(size);
        await new Promise((r) => setImmediate(r));
      }
    })();

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    deadline = Date.now() + 5_000;
    writing = false;
    await watcher;

    expect(sizesSeen.length).toBeGreaterThan(0);
    expect(sizesSeen.every((size) => size === body.length)).toBe(true);
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect((await read.Body?.transformToByteArray())?.length).toBe(body.length);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'curated/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
  });

  it('captures mail sent through SES, readable over HTTP', async () => {
    const ses = new SESv2Client({
      region: 'us-east-1',
      endpoint: standIns.endpoints.ses,
      credentials: localCredentials,
    });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'reports@nexus.local',
        Destination: { ToAddresses: ['ada@example.com'] },
        Content: { Simple: { Subject: { Data: 'Weekly report' }, Body: { Text: { Data: 'hello' } } } },
      }),
    );
    const store = (await (await fetch(`${standIns.endpoints.ses}/store`)).json()) as {
      emails: { subject: string }[];
    };
    expect(store.emails.map((email) => email.subject)).toContain('Weekly report');
  });

  it('gives handlers every EnvNames variable', () => {
    const env = localEnvironment(standIns);
    for (const name of Object.values(EnvNames)) expect(env[name], name).toBeTypeOf('string');
    expect(env.LOCAL_LAKE_DIR).toBe(`${dataDir}/s3`);
    expect(env.QUERY_ENGINE).toBe('duckdb');
    expect(env.NEXUS_STAGE).toBe('local');
  });

  it('fails fast, naming the port and the setting, when a port is taken', async () => {
    const otherDir = await makeTempDataDir();
    const attempt = startStandIns({
      dataDir: otherDir,
      ports: { ...freeStandInPorts, kinesis: standIns.ports.kinesis },
      log: silentLog,
    });
    await expect(attempt).rejects.toThrow(PortInUseError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `Port ${standIns.ports.kinesis} \\(kinesalite \\(Kinesis\\)\\).*--kinesis-port or NEXUS_KINESIS_PORT`,
      ),
    );
    await removeTempDataDir(otherDir);
  });

  it('reuses the initialised database on the next start and leaves no process behind on stop', async () => {
    await standIns.stop();
    expect(await waitForNoDescendants()).toEqual([]);
    standIns = await startStandIns({ dataDir, ports: freeStandInPorts, log: silentLog });
    expect(standIns.postgresFreshlyInitialised).toBe(false);
    await standIns.stop();
    expect(await waitForNoDescendants()).toEqual([]);
  });
});
