/** The typed client (clients/typescript) against the local platform: send events, query them, typed errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNexusClient, NexusApiError } from '../../clients/typescript/src/nexus-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

let e2e: E2ePlatform | undefined;

beforeAll(async () => {
  e2e = await startE2ePlatform('typescript-client');
}, 180_000);
afterAll(async () => {
  await e2e?.stop();
});

describe('@nexus-analytics/client', () => {
  it('sends events and reads them back with a query', async () => {
    const platform = e2e?.platform;
    if (!platform) throw new Error('no platform');
    const nexus = createNexusClient({ baseUrl: platform.apiUrl, apiKey: platform.apiKey });
    const events = ['signup', 'signup', 'login'].map((name, i) => ({
      name,
      userId: `u${i}`,
      timestamp: `2026-12-01T10:00:0${i}Z`,
      properties: { plan: 'pro' },
    }));

    const sent = await nexus.sendEvents(events);
    // The same batch again (a retry with a new key): event ids are content-derived, so no duplicates land.
    await nexus.sendEvents(events);

    expect([sent.accepted, sent.rejected, sent.eventIds.length]).toEqual([3, 0, 3]);
    let result = await nexus.query('SELECT name, count(*) AS n FROM events GROUP BY name ORDER BY name');
    // The lake writer flushes within seconds; the query is repeated until both names are there.
    for (let i = 0; i < 60 && result.rows.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = await nexus.query('SELECT name, count(*) AS n FROM events GROUP BY name ORDER BY name');
    }
    expect(result.columns).toEqual(['name', 'n']);
    expect(result.rows.map((r) => [r[0], Number(r[1])])).toEqual([
      ['login', 1],
      ['signup', 2],
    ]);
  }, 90_000);

  it('raises the platform’s error body as a NexusApiError, and types every path', async () => {
    const platform = e2e?.platform;
    if (!platform) throw new Error('no platform');
    const nexus = createNexusClient({ baseUrl: platform.apiUrl, apiKey: platform.apiKey });

    const failure = await nexus.ingest('no_such_dataset', [{ a: 1 }]).catch((error: unknown) => error);
    const datasets = await nexus.api.GET('/v1/datasets');

    expect(failure).toBeInstanceOf(NexusApiError);
    expect(failure).toMatchObject({ status: 404, code: 'DATASET_NOT_FOUND' });
    expect(datasets.response.status).toBe(200);
  }, 30_000);
});
