/**
 * The real Segment and RudderStack Node SDKs pointed at the local platform: their batches (plain
 * JSON from Segment's, gzip sent as form-urlencoded from RudderStack's) land in `events` with the
 * write key as Basic user name, and a replayed batch (an SDK retry) stores nothing twice.
 */

import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics as SegmentAnalytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import type { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import { streamDrained } from '../support/local/stream-drained';
import { waitFor } from '../support/local/wait';

let platform: LocalPlatform;
let api: ApiClient;
let e2e: E2ePlatform | undefined;

beforeAll(async () => {
  e2e = await startE2ePlatform('segment');
  ({ platform, api } = e2e);
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

const perSdk = 40;

async function rows(sql: string): Promise<unknown[][]> {
  const result = await api.query(sql);
  expect(result.status, result.error?.message).toBe('SUCCEEDED');
  return result.rows;
}

describe('Segment-compatible ingest with the real SDKs', () => {
  it('stores every message of both SDKs once, with its call type, ids, traits and context', async () => {
    const segment = new SegmentAnalytics({ writeKey: platform.apiKey, host: platform.apiUrl, flushAt: 15 });
    for (let i = 0; i < perSdk; i++) {
      segment.track({ userId: `seg-user-${i % 4}`, event: 'Order Completed', properties: { total: i } });
    }
    segment.identify({ userId: 'seg-user-0', traits: { plan: 'pro' } });
    segment.page({ anonymousId: 'anon-1', name: 'Pricing', properties: { path: '/pricing' } });
    segment.group({ userId: 'seg-user-1', groupId: 'acme', traits: { seats: 10 } });
    segment.alias({ userId: 'seg-user-2', previousId: 'anon-2' });
    await segment.closeAndFlush({ timeout: 30_000 });

    const rudder = new RudderAnalytics(platform.apiKey, { dataPlaneUrl: platform.apiUrl, flushAt: 15 });
    for (let i = 0; i < perSdk; i++) {
      rudder.track({ anonymousId: `rs-anon-${i % 5}`, event: 'Button Clicked', properties: { n: i } });
    }
    rudder.screen({ userId: 'rs-user', name: 'Home' });
    await rudder.flush();

    await waitFor(() => streamDrained(platform, 'lake-writer'), 120_000, 'the lake writer to drain');
    const counts = await rows(
      `SELECT type, name, count(*) AS n, count(DISTINCT eventId) AS d FROM events
       WHERE type IS NOT NULL GROUP BY type, name ORDER BY type, name`,
    );
    expect(counts.map((r) => r.map(String))).toEqual([
      ['alias', 'alias', '1', '1'],
      ['group', 'group', '1', '1'],
      ['identify', 'identify', '1', '1'],
      ['page', 'Pricing', '1', '1'],
      ['screen', 'Home', '1', '1'],
      ['track', 'Button Clicked', String(perSdk), String(perSdk)],
      ['track', 'Order Completed', String(perSdk), String(perSdk)],
    ]);

    const [identify] = await rows("SELECT userId, traits, context FROM events WHERE type = 'identify'");
    expect(identify?.[0]).toBe('seg-user-0');
    expect(JSON.parse(String(identify?.[1]))).toEqual({ plan: 'pro' });
    expect(JSON.parse(String(identify?.[2])).library.name).toBe('@segment/analytics-node');
    const [rudderTrack] = await rows(
      "SELECT anonymousId, context FROM events WHERE name = 'Button Clicked' ORDER BY eventId LIMIT 1",
    );
    expect(String(rudderTrack?.[0])).toMatch(/^rs-anon-\d$/);
    expect(JSON.parse(String(rudderTrack?.[1])).library.name).toMatch(/analytics-node|rudder/i);
    const [group] = await rows("SELECT properties FROM events WHERE type = 'group'");
    expect(JSON.parse(String(group?.[0]))).toEqual({ groupId: 'acme' });
  }, 300_000);

  it('keeps a retried batch once: the messageId is the event id', async () => {
    const batch = {
      batch: Array.from({ length: 5 }, (_, i) => ({
        type: 'track',
        event: 'Retried',
        userId: 'retry-user',
        messageId: `retry-msg-${i}`,
        properties: { i },
      })),
      sentAt: new Date().toISOString(),
    };
    const basic = `Basic ${Buffer.from(`${platform.apiKey}:`).toString('base64')}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${platform.apiUrl}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'text/plain' },
        body: JSON.stringify(batch),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ success: true, accepted: 5, rejected: 0 });
    }
    await waitFor(() => streamDrained(platform, 'lake-writer'), 120_000, 'the lake writer to drain');
    const stored = await rows("SELECT eventId FROM events WHERE name = 'Retried' ORDER BY eventId");
    expect(stored.map((r) => r[0])).toEqual(batch.batch.map((m) => m.messageId));
  }, 120_000);
});
