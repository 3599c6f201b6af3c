/**
 * Insights over HTTP on the local platform: POST /v1/insights/analyze through the gateway, the
 * SageMaker runtime client, the endpoint router and a model server process, with A/B variants
 * set through the model registry API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import { waitFor } from '../support/local/wait';

interface AnalyzeBody {
  operation: string;
  succeeded: number;
  failed: number;
  variant: string;
  model: { name: string; version: string };
  results: {
    index: number;
    id?: string;
    status: string;
    result?: Record<string, unknown>;
    error?: unknown;
  }[];
}
interface ErrorBody {
  error: { code: string; details?: { path: string }[] };
}

let platform: LocalPlatform;
let api: ApiClient;
let e2e: E2ePlatform | undefined;

const wave = (n: number) => Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 24));

beforeAll(async () => {
  e2e = await startE2ePlatform('insights');
  ({ platform, api } = e2e);
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

const analyze = (body: unknown, query = '') =>
  api.postJson<AnalyzeBody>(`/v1/insights/analyze${query}`, body) as Promise<{
    status: number;
    body: AnalyzeBody;
  }>;

describe('POST /v1/insights/analyze', () => {
  it('detects, forecasts and summarizes, naming the variant and model version that answered', async () => {
    const values = wave(240);
    values[200] = 400;

    const detect = await analyze({ operation: 'detect', series: [{ id: 'cpu', values }] });
    const forecast = await analyze({
      operation: 'forecast',
      options: { horizon: 24, period: 24 },
      series: [{ values: wave(240) }],
    });
    const summarize = await analyze({
      operation: 'summarize',
      series: [{ values: wave(48) }, { values: [1] }],
    });

    expect(detect.status).toBe(200);
    expect(detect.body).toMatchObject({ operation: 'detect', variant: 'AllTraffic', succeeded: 1 });
    expect(detect.body.model.version).toBe('builtin');
    const detected = detect.body.results[0]?.result as
      | { scores: number[]; anomalies: { index: number }[]; state: unknown }
      | undefined;
    expect(detected?.scores).toHaveLength(240);
    // The spike, and nothing on the clean wave, is flagged; it also scores highest.
    expect(detected?.anomalies.map((a) => a.index)).toEqual([200]);
    expect(Math.max(...(detected?.scores ?? [0]))).toBe(detected?.scores[200]);
    expect(detected?.state).toBeDefined();
    expect(forecast.status).toBe(200);
    const mean = (forecast.body.results[0]?.result?.mean as number[] | undefined) ?? [];
    expect(mean).toHaveLength(24);
    // The forecast follows the wave's next cycle (amplitude 10) to within 1, so a flat one fails.
    const nextCycle = wave(264).slice(240);
    mean.forEach((m, i) => {
      expect(Math.abs(m - (nextCycle[i] ?? 0)), `step ${i}`).toBeLessThan(1);
    });
    expect(summarize.status).toBe(200);
    expect([summarize.body.succeeded, summarize.body.failed]).toEqual([1, 1]);
    expect(summarize.body.results[1]).toMatchObject({ status: 'error' });
  }, 60_000);

  it('answers bad input with 400 and request paths, never 5xx', async () => {
    const noValid = await api.postJson<ErrorBody>('/v1/insights/analyze', {
      operation: 'forecast',
      options: { horizon: 3 },
      series: [{ values: [1, 'x'] }],
    });
    const badEnvelope = await api.postJson<ErrorBody>('/v1/insights/analyze', {
      operation: 'guess',
      series: [],
    });

    expect(noValid.status).toBe(400);
    expect(noValid.body.error.code).toBe('NO_VALID_SERIES');
    expect(noValid.body.error.details?.map((d) => d.path)).toContain('series[0].values[1]');
    expect(badEnvelope.status).toBe(400);
    expect(badEnvelope.body.error.code).toBe('INVALID_REQUEST');
  }, 30_000);

  it('routes to the variants set in the model registry, and to a pinned variant', async () => {
    // The model registry and endpoint variants are the platform operator's, not a tenant's.
    const operator = new ApiClient(platform.apiUrl, platform.operatorKey);
    const registration = { algorithm: 'knn', hyperparameters: {}, scores: {}, artifact: 'image:1' };
    for (let i = 0; i < 2; i++) {
      const created = await operator.postJson('/v1/models/detector/versions', registration);
      expect(created.status).toBe(201);
    }
    const endpoint = platform.env.MODEL_ENDPOINT_NAME;
    const split = await operator.request('PUT', `/v1/endpoints/${endpoint}/variants`, {
      contentType: 'application/json',
      body: JSON.stringify({
        variants: [
          { variantName: 'champion', modelName: 'detector', version: 1, weight: 1 },
          { variantName: 'challenger', modelName: 'detector', version: 2, weight: 0 },
        ],
      }),
    });
    expect(split.status).toBe(200);
    const body = { operation: 'summarize', series: [{ values: wave(30) }] };

    // The router re-reads the registry within a second.
    await waitFor(
      async () => (await analyze(body)).body.variant === 'champion',
      20_000,
      'the registry split',
    );
    const routed = await analyze(body);
    const pinned = await analyze(body, '?variant=challenger');
    const unknown = await api.postJson<ErrorBody>('/v1/insights/analyze?variant=ghost', body);

    expect([routed.body.variant, routed.body.model]).toEqual([
      'champion',
      { name: 'detector', version: '1' },
    ]);
    expect([pinned.body.variant, pinned.body.model]).toEqual([
      'challenger',
      { name: 'detector', version: '2' },
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('INVALID_TARGET_VARIANT');
  }, 90_000);
});
