/**
 * Metrics end to end on the local platform: a count metric is defined, three hours of
 * minute-level events in the past are ingested over HTTP, and the series must equal what was
 * sent, minute by minute, across the lake half and the rollup half; a resent batch changes no
 * count. Tenant isolation and scopes of every metrics route are checked on the way.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import { rollupWarmUpSeconds } from '../../shared/domain/metrics/rollup-hook';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

let e2e: E2ePlatform | undefined;
let api: ApiClient;
let pool: pg.Pool;

beforeAll(async () => {
  e2e = await startE2ePlatform('metrics');
  api = e2e.api;
  pool = new pg.Pool({ connectionString: e2e.platform.standIns.databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await e2e?.stop();
});

interface Series {
  points: { t: string; value: number }[];
}

const minuteMs = 60_000;
/** Signups in minute m of the three hours: a steady few, then a 20x spike in the last minute. */
const signupsIn = (m: number) => (m === 179 ? 60 : 2 + (m % 4));

function minuteEvents(start: number, m: number) {
  const at = (i: number) => new Date(start + m * minuteMs + i * 500).toISOString();
  const signups = Array.from({ length: signupsIn(m) }, (_, i) => ({
    eventId: `m${m}-s${i}`,
    name: 'signup',
    timestamp: at(i),
    userId: `u${i}`,
  }));
  // Other events the metric's filter leaves out.
  return [...signups, { eventId: `m${m}-v`, name: 'page_view', timestamp: at(0) }];
}

async function series(id: string, query: string): Promise<Series> {
  const response = await api.request<Series>('GET', `/v1/metrics/${id}/series?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe('metrics', () => {
  it('series equal the ingested counts exactly, and a resent batch changes none', async () => {
    const created = await api.postJson<{ metricId: string; version: number }>('/v1/metrics', {
      name: 'Signups',
      dataset: 'events',
      aggregation: 'count',
      filter: [{ field: 'name', op: 'eq', value: 'signup' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { metricId } = created.body;
    // Rollups of a new metric are read only once every lake writer knows it (see metric-series).
    await new Promise((r) => setTimeout(r, (rollupWarmUpSeconds + 5) * 1000));

    const start = Math.floor(Date.now() / minuteMs) * minuteMs - 180 * minuteMs;
    const batches: ReturnType<typeof minuteEvents>[] = [];
    for (let m = 0; m < 180; m += 20)
      batches.push(Array.from({ length: 20 }, (_, i) => minuteEvents(start, m + i)).flat());
    for (const batch of batches) expect((await api.postJson('/v1/events', batch)).status).toBe(202);

    const range = `from=${new Date(start).toISOString()}&to=${new Date(start + 180 * minuteMs).toISOString()}`;
    const expected = Array.from({ length: 180 }, (_, m) => signupsIn(m));
    const total = expected.reduce((s, n) => s + n, 0);
    let minutes = await series(metricId, `${range}&interval=1m`);
    for (let waited = 0; minutes.points.reduce((s, p) => s + p.value, 0) < total && waited < 90; waited++) {
      await new Promise((r) => setTimeout(r, 1_000));
      minutes = await series(metricId, `${range}&interval=1m`);
    }
    expect(minutes.points.map((p) => p.value)).toEqual(expected);
    expect(minutes.points[0]?.t).toBe(new Date(start).toISOString());
    const hours = await series(metricId, `${range}&interval=1h`);
    expect(hours.points.reduce((s, p) => s + p.value, 0)).toBe(total);

    // The client resends a batch; then a new event, which the lake writer reads after it (one shard per tenant).
    expect((await api.postJson('/v1/events', batches[8])).status).toBe(202);
    const marker = {
      eventId: 'marker',
      name: 'signup',
      timestamp: new Date(start + 179 * minuteMs + 59_000).toISOString(),
    };
    expect((await api.postJson('/v1/events', [marker])).status).toBe(202);
    const withMarker = [...expected.slice(0, 179), 61];
    for (let waited = 0; (minutes.points[179]?.value ?? 0) < 61 && waited < 60; waited++) {
      await new Promise((r) => setTimeout(r, 1_000));
      minutes = await series(metricId, `${range}&interval=1m`);
    }
    expect(minutes.points.map((p) => p.value)).toEqual(withMarker);
  }, 420_000);

  it('checks fields against the dataset schema, with the path of each bad one', async () => {
    const response = await api.postJson<{ error: { code: string; details: { path: string }[] } }>(
      '/v1/metrics',
      {
        name: 'bad',
        dataset: 'events',
        aggregation: 'sum',
        field: 'nope',
        dimensions: ['properties'],
      },
    );

    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d) => d.path)).toEqual(['field', 'dimensions[0]']);
  });

  it('keeps each tenant to its own metrics and asks admin to change, query to read', async () => {
    const created = await api.postJson<{ metricId: string }>('/v1/metrics', {
      name: `mine-${randomUUID()}`,
      dataset: 'events',
      aggregation: 'count',
    });
    const { metricId } = created.body;
    const directory = new PostgresTenantDirectory(pool);
    const other = await directory.createTenant('Other');
    const otherKey = await directory.createApiKey(other.tenantId, 'all', ['ingest', 'query', 'admin']);
    const intruder = new ApiClient(api.baseUrl, otherKey.apiKey);
    const readerKey = await directory.createApiKey(other.tenantId, 'reader', ['query']);
    const reader = new ApiClient(api.baseUrl, readerKey.apiKey);
    const range = 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z';

    for (const path of [
      `/v1/metrics/${metricId}`,
      `/v1/metrics/${metricId}/series?${range}`,
      `/v1/metrics/${metricId}/anomalies?${range}`,
    ]) {
      expect((await intruder.request('GET', path)).status, path).toBe(404);
    }
    expect((await intruder.request('DELETE', `/v1/metrics/${metricId}`)).status).toBe(404);
    expect((await intruder.request<{ items: unknown[] }>('GET', '/v1/metrics')).body.items).toEqual([]);
    expect(
      (await reader.postJson('/v1/metrics', { name: 'x', dataset: 'events', aggregation: 'count' })).status,
    ).toBe(403);
    expect((await reader.request('DELETE', `/v1/metrics/${metricId}`)).status).toBe(403);
    expect((await api.request('GET', `/v1/metrics/${metricId}`)).status).toBe(200);
    expect((await api.request('DELETE', `/v1/metrics/${metricId}`)).status).toBe(204);
    expect((await api.request('GET', `/v1/metrics/${metricId}`)).status).toBe(404);
  });
});
