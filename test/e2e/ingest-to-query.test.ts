/**
 * The backbone end to end on the local platform: >= 10,000 records over HTTP in all four
 * formats, with invalid records and retried duplicates, while the lake writer is killed and
 * restarted mid-stream; the lake must then hold exactly the accepted records, once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import type { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import {
  type BodyFormat,
  contentTypes,
  encodeEvents,
  type SampleEvent,
  sampleEvent,
} from '../support/event-bodies';
import { streamDrained } from '../support/local/stream-drained';
import { waitFor } from '../support/local/wait';

let platform: LocalPlatform;
let api: ApiClient;
let e2e: E2ePlatform | undefined;

beforeAll(async () => {
  e2e = await startE2ePlatform('ingest');
  ({ platform, api } = e2e);
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

const formats: readonly BodyFormat[] = ['json', 'ndjson', 'csv', 'xml'];
const batchSize = 250;
const batches = 44; // 11,000 records sent, of which some are invalid

/** Every 50th record lacks its name, every 77th has a bad timestamp: both must be rejected. */
function batchOf(batch: number): SampleEvent[] {
  return Array.from({ length: batchSize }, (_, i) => {
    const seq = batch * batchSize + i;
    // A third of the batches carry no eventId: the API derives one from the content.
    const event = sampleEvent(seq, batch % 3 !== 0);
    if (seq % 50 === 7) return { ...event, name: undefined };
    if (seq % 77 === 5) return { ...event, timestamp: 'yesterday-ish' };
    return event;
  });
}

async function send(batch: number) {
  const format = formats[batch % formats.length] as BodyFormat;
  const response = await api.request<{
    accepted: number;
    rejected: number;
    eventIds: string[];
    errors: { index: number; path: string; code: string }[];
  }>('POST', '/v1/events', {
    body: encodeEvents(batchOf(batch), format),
    contentType: contentTypes[format],
    gzip: batch % 5 === 0,
  });
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(202);
  return response.body;
}

async function countStored(): Promise<{ rows: number; distinct: number }> {
  const result = await api.query('SELECT count(*) AS n, count(DISTINCT eventId) AS d FROM events');
  expect(result.status, result.error?.message).toBe('SUCCEEDED');
  const [row] = result.rows;
  return { rows: Number(row?.[0]), distinct: Number(row?.[1]) };
}

describe('ingest to query, end to end', () => {
  it('stores exactly the accepted records once, across formats, retries and a lake-writer crash', async () => {
    const accepted = new Set<string>();
    let rejected = 0;
    const lakeWriter = platform.workers.get('lake-writer');
    expect(lakeWriter).toBeDefined();

    for (let batch = 0; batch < batches; batch++) {
      const result = await send(batch);
      for (const id of result.eventIds) accepted.add(id);
      rejected += result.rejected;
      for (const error of result.errors) expect(error.path).toMatch(/^\[\d+\]/);

      // A client retry of the same request (its response was "lost"): same ids, no new rows.
      if (batch % 4 === 1) {
        const retry = await send(batch);
        expect(retry.eventIds).toEqual(result.eventIds);
      }
      // The lake writer dies mid-stream, like a crashed Lambda, and comes back later.
      if (batch === Math.floor(batches / 3)) lakeWriter?.kill('SIGKILL');
      if (batch === Math.floor((2 * batches) / 3)) {
        // While it is down, what was accepted since the crash is not in the lake yet.
        expect((await countStored()).rows).toBeLessThan(accepted.size);
        await lakeWriter?.restart();
      }
    }

    const expectedRejected = Array.from({ length: batches * batchSize }, (_, seq) => seq).filter(
      (seq) => seq % 50 === 7 || seq % 77 === 5,
    ).length;
    expect(rejected).toBe(expectedRejected);
    expect(accepted.size).toBe(batches * batchSize - expectedRejected);
    expect(accepted.size).toBeGreaterThanOrEqual(10_000);

    // The lake writer has consumed the stream to its end, so no late row (a duplicate included)
    // can still arrive: the count is final and must match exactly.
    await waitFor(() => streamDrained(platform, 'lake-writer'), 120_000, 'the lake writer to drain');
    expect(await countStored()).toEqual({ rows: accepted.size, distinct: accepted.size });

    // A sample of the stored ids: each is one the API accepted.
    const ids = await api.query('SELECT eventId FROM events ORDER BY eventId LIMIT 10000');
    for (const [id] of ids.rows) expect(accepted.has(String(id))).toBe(true);
  }, 300_000);
});
