/**
 * Compaction end to end on the local platform: 50 batches land in one partition-hour (with a
 * retried request and a lake writer killed and restarted among them), the partition is
 * compacted while queries keep counting it, and afterwards it holds at most 2 data files, the
 * same rows, each event once. Every query during the swap must see the full count: the manifest
 * is replaced whole, so a reader never sees both the small files and the merged one, nor neither.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { S3ObjectCleanup } from '../../shared/adapters/aws/s3-object-cleanup';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store';
import { compactPartition } from '../../shared/domain/lake/compact-partition';
import {
  CURATED_ZONE,
  datasetPrefix,
  manifestKey,
  type PartitionRef,
  partitionPrefix,
} from '../../shared/domain/lake/lake-layout';
import { parseManifest } from '../../shared/domain/lake/partition-manifest';
import { s3Client } from '../../shared/runtime/clients/s3-client';
import { EnvNames } from '../../shared/runtime/env-names';
import { Runtime } from '../../shared/runtime/runtime';
import type { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import { encodeEvents, sampleEvent } from '../support/event-bodies';
import { streamDrained } from '../support/local/stream-drained';
import { waitFor } from '../support/local/wait';

let e2e: E2ePlatform | undefined;
let platform: LocalPlatform;
let api: ApiClient;

beforeAll(async () => {
  e2e = await startE2ePlatform('compaction');
  ({ platform, api } = e2e);
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

const batches = 50;
const perBatch = 40;

async function send(batch: number) {
  const events = Array.from({ length: perBatch }, (_, i) => sampleEvent(batch * perBatch + i));
  const response = await api.request<{ accepted: number }>('POST', '/v1/events', {
    body: encodeEvents(events, 'json'),
    contentType: 'application/json',
  });
  expect(response.status).toBe(202);
  expect(response.body.accepted).toBe(perBatch);
}

async function counts(): Promise<{ rows: number; distinct: number }> {
  const result = await api.query('SELECT count(*) AS n, count(DISTINCT eventId) AS d FROM events');
  expect(result.status, result.error?.message).toBe('SUCCEEDED');
  const [row] = result.rows;
  return { rows: Number(row?.[0]), distinct: Number(row?.[1]) };
}

describe('compaction', () => {
  it('merges 50 batches of a partition into at most 2 files, with readers seeing every row once throughout', async () => {
    const runtime = new Runtime(platform.env);
    const objects = new S3ObjectStore(runtime.client(s3Client));
    const cleanup = new S3ObjectCleanup(runtime.client(s3Client));
    const bucket = platform.env[EnvNames.curatedBucket] as string;
    const lakeWriter = platform.workers.get('lake-writer');

    // Arrange: 50 batches, each drained before the next, so each is its own small file.
    for (let batch = 0; batch < batches; batch++) {
      await send(batch);
      if (batch === 10) await send(batch); // a client's retry of the same request
      if (batch === 30) lakeWriter?.kill('SIGKILL');
      if (batch === 35) await lakeWriter?.restart();
      if (batch < 30 || batch >= 35) {
        await waitFor(() => streamDrained(platform, 'lake-writer'), 60_000, 'the lake writer to drain');
      }
    }
    const expected = batches * perBatch;
    expect(await counts()).toEqual({ rows: expected, distinct: expected });

    const manifestsPrefix = `${datasetPrefix(CURATED_ZONE, platform.tenantId, 'events')}_manifest/`;
    const partitions: PartitionRef[] = (await cleanup.list(bucket, manifestsPrefix)).map((o) => {
      const [, dt = '', hour = ''] = /dt=([^/]+)\/hour=([^/]+)\//.exec(o.key) ?? [];
      return { tenantId: platform.tenantId, dataset: 'events', dt, hour };
    });
    const listed = async (p: PartitionRef) =>
      parseManifest(
        bucket,
        new TextDecoder().decode((await objects.get(bucket, manifestKey(p))) ?? new Uint8Array()),
      );
    const before = (await Promise.all(partitions.map(listed))).flat();
    // The run may straddle an hour, and the restart may merge a few batches: still many files.
    expect(before.length).toBeGreaterThanOrEqual(40);

    // Act: compact while queries keep counting
    const seen: { rows: number; distinct: number }[] = [];
    let compacting = true;
    const reader = (async () => {
      while (compacting) seen.push(await counts());
    })();
    const deps = { objects, cleanup, curatedBucket: bucket, now: () => new Date(), retentionMs: 60 * 60_000 };
    const results = [];
    for (const p of partitions) results.push(await compactPartition(p, deps));
    seen.push(await counts());
    compacting = false;
    await reader;

    // Assert: every read saw the full count, before, during and after the swap
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const c of seen) expect(c).toEqual({ rows: expected, distinct: expected });
    for (const p of partitions) expect((await listed(p)).length).toBeLessThanOrEqual(2);
    expect(results.reduce((n, r) => n + r.filesBefore, 0)).toBe(before.length);

    // The small files stay until the retention has passed (a reader may still be on them), then go.
    const onDisk = (p: PartitionRef) =>
      readdirSync(join(platform.standIns.lakeDir, bucket, partitionPrefix(CURATED_ZONE, p))).filter((f) =>
        f.endsWith('.parquet._S3rver_object'),
      ).length;
    expect(partitions.reduce((n, p) => n + onDisk(p), 0)).toBeGreaterThan(before.length);
    for (const p of partitions) await compactPartition(p, { ...deps, retentionMs: 0 });
    for (const p of partitions) expect(onDisk(p)).toBeLessThanOrEqual(2);
    expect(await counts()).toEqual({ rows: expected, distinct: expected });

    // A retried request after compaction still stores nothing twice.
    await send(7);
    await waitFor(() => streamDrained(platform, 'lake-writer'), 60_000, 'the lake writer to drain');
    expect(await counts()).toEqual({ rows: expected, distinct: expected });
    await runtime.pool.end();
  }, 300_000);
});
