/**
 * The model server process and the local endpoint router, called through the real
 * SageMakerRuntimeClient: the container contract, variant routing and the weighted split.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  InvokeEndpointCommand,
  type InvokeEndpointCommandOutput,
  ModelError,
  SageMakerRuntimeClient,
  ValidationError as SageMakerValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, terminate } from '../../../infra/local/child-process';
import {
  type EndpointRouter,
  startEndpointRouter,
} from '../../../infra/local/endpoint-router/endpoint-router';
import { modelServerEntry } from '../../../infra/local/endpoint-router/model-server-pool';
import { silentLog } from '../../../infra/local/log';
import { freePort } from '../../../infra/local/tcp-ports';
import { SageMakerModelEndpoint } from '../../../shared/adapters/aws/sagemaker-model-endpoint';
import { definedProps } from '../../../shared/domain/defined-props';
import { ValidationError } from '../../../shared/domain/errors';
import { listEndpointVariants } from '../../../shared/domain/models/endpoint-variants';
import { waitFor } from '../../support/local/wait';
import { seededRandom } from '../../support/seeded-random';
import { InMemoryModelRegistry } from '../../support/twins/in-memory-model-registry';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const DEFAULT_ENDPOINT = 'nexus-anomaly-local';
const AB_ENDPOINT = 'nexus-ab';

interface Answer {
  operation: string;
  succeeded: number;
  failed: number;
  model: { name: string; version: string };
  results: { index: number; status: string; result?: Record<string, unknown> }[];
}

const wave = (n: number) => Array.from({ length: n }, (_, i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 12));
const series = (n: number, spikeAt?: number) =>
  Array.from({ length: n }, (_, i) => (i === spikeAt ? 500 : 10 + Math.sin(i / 3) + (i % 5) * 0.1));

function startModelServerProcess(port: number, args: readonly string[] = ['serve']): ChildProcess {
  return fork(modelServerEntry, [...args], {
    execArgv: ['--import', tsxLoader],
    env: { ...process.env, SAGEMAKER_BIND_TO_PORT: String(port), MODEL_NAME: 'direct', MODEL_VERSION: '9' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
}

/** The real SageMaker Runtime client, pointed at a router. */
function runtimeClient(endpoint: string): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ requestTimeout: 30_000 }),
  });
}

async function ping(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/ping`)).ok;
  } catch {
    return false;
  }
}

describe('model server process (SageMaker container contract)', () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = startModelServerProcess(port);
    await waitFor(() => ping(url), 30_000, 'model server /ping');
  }, 40_000);

  afterAll(async () => {
    if (child) await terminate(child, 2_000);
  });

  it('answers /ping with its model name and version from the environment', async () => {
    const response = await fetch(`${url}/ping`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ model: { name: 'direct', version: '9' } });
  });

  it('serves invocations and reports the model in the body and in custom attributes', async () => {
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'detect', series: [{ values: series(120, 100) }] }),
    });
    const body = (await response.json()) as Answer;
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-sagemaker-custom-attributes')).toContain('model-version=9');
    expect(body.model).toEqual({ name: 'direct', version: '9' });
    expect(body.results[0]?.status).toBe('ok');
    expect((body.results[0]?.result?.scores as number[] | undefined) ?? []).toHaveLength(120);
  });

  it.each([
    ['not JSON', '{', 'application/json', 400, 'MALFORMED_BODY'],
    ['an unknown operation', '{"operation":"x","series":[]}', 'application/json', 400, 'INVALID_REQUEST'],
    ['a text body', 'hello', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty body', '', 'application/json', 400, 'EMPTY_BODY'],
  ])('answers %s with a 4xx in the platform error shape', async (_what, body, contentType, status, code) => {
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code }, model: { version: '9' } });
  });

  it('refuses a body above 6 MB with 413 and keeps serving', async () => {
    const big = JSON.stringify({
      operation: 'summarize',
      series: [{ values: [1, 2, 3] }],
      pad: 'x'.repeat(6_300_000),
    });
    const response = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(await ping(url)).toBe(true);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/invocations`)).status).toBe(405);
  });

  it('exits with an error for a command other than serve', async () => {
    const other = startModelServerProcess(await freePort(), ['train']);
    expect(await exitOf(other)).toBe(2);
  });
});

describe('endpoint router through the SageMaker runtime client', () => {
  let router: EndpointRouter;
  let client: SageMakerRuntimeClient;
  const registry = new InMemoryModelRegistry();
  // The router's weighted choice draws from here; a test that counts the split reseeds it.
  let random = seededRandom(1);

  const invoke = async (
    endpointName: string,
    body: unknown,
    targetVariant?: string,
  ): Promise<{ output: InvokeEndpointCommandOutput; answer: Answer }> => {
    const output = await client.send(
      new InvokeEndpointCommand({
        EndpointName: endpointName,
        ContentType: 'application/json',
        Body: JSON.stringify(body),
        ...definedProps({ TargetVariant: targetVariant }),
        CustomAttributes: 'tenant=t-1',
        InferenceId: 'inference-1',
      }),
    );
    return { output, answer: JSON.parse(output.Body?.transformToString() ?? '') as Answer };
  };

  beforeAll(async () => {
    for (const n of [1, 2, 3]) {
      await registry.registerVersion({
        modelName: 'detector',
        algorithm: 'knn',
        hyperparameters: {},
        scores: {},
        artifact: 'image:1',
        createdBy: 'key:test',
        fingerprint: `f${n}`,
      });
    }
    await registry.replaceEndpointVariants(AB_ENDPOINT, [
      { variantName: 'champion', modelName: 'detector', version: 1, weight: 3 },
      { variantName: 'challenger', modelName: 'detector', version: 2, weight: 1 },
      { variantName: 'shadow', modelName: 'detector', version: 3, weight: 0 },
    ]);
    router = await startEndpointRouter({
      port: 0,
      endpoints: [DEFAULT_ENDPOINT],
      variants: (name) => listEndpointVariants(name, { registry }),
      random: () => random(),
      log: silentLog,
    });
    client = runtimeClient(router.url);
  }, 30_000);

  afterAll(async () => {
    client?.destroy();
    const pids = router ? (await router.modelServers()).map((s) => s.pid) : [];
    await router?.stop();
    // No model server outlives the router.
    for (const pid of pids) expect(() => process.kill(pid ?? -1, 0)).toThrow();
  });

  it('serves detect, forecast and summarize on an endpoint without registry rows from its default variant', async () => {
    const detect = await invoke(DEFAULT_ENDPOINT, {
      operation: 'detect',
      series: [{ values: series(200, 150) }],
    });
    const forecast = await invoke(DEFAULT_ENDPOINT, {
      operation: 'forecast',
      options: { horizon: 6 },
      series: [{ values: wave(60) }],
    });
    const summarize = await invoke(DEFAULT_ENDPOINT, {
      operation: 'summarize',
      series: [
        { id: 'a', values: series(50) },
        { id: 'b', values: [1] },
      ],
    });
    expect(detect.output.InvokedProductionVariant).toBe('AllTraffic');
    expect(detect.answer.model).toEqual({ name: 'nexus-analytics', version: 'builtin' });
    expect(detect.output.CustomAttributes).toContain('model-version=builtin');
    const detected = detect.answer.results[0]?.result as
      | { scores: number[]; anomalies: { index: number }[] }
      | undefined;
    const scores = detected?.scores ?? [];
    expect(scores).toHaveLength(200);
    expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
    // The planted spike is flagged, alone, and scores highest.
    expect(detected?.anomalies.map((a) => a.index)).toEqual([150]);
    expect(Math.max(...scores)).toBe(scores[150]);
    const mean = (forecast.answer.results[0]?.result?.mean as number[] | undefined) ?? [];
    expect(mean).toHaveLength(6);
    // The forecast follows the wave (amplitude 5) to within 0.5: a flat forecast fails.
    const next = wave(66).slice(60);
    mean.forEach((m, i) => {
      expect(Math.abs(m - (next[i] ?? 0)), `step ${i}`).toBeLessThan(0.5);
    });
    expect([summarize.answer.succeeded, summarize.answer.failed]).toEqual([1, 1]);
  }, 60_000);

  it('relays bad input as a ModelError carrying the model server 4xx, which the adapter maps to ValidationError', async () => {
    const bad = { operation: 'forecast', options: { horizon: 2 }, series: [{ values: [1, 'x'] }] };
    const error = await invoke(DEFAULT_ENDPOINT, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    const modelError = error as ModelError;
    expect(modelError.OriginalStatusCode).toBe(400);
    expect(JSON.parse(modelError.OriginalMessage ?? '')).toMatchObject({
      error: { code: 'NO_VALID_SERIES' },
    });

    const adapter = new SageMakerModelEndpoint(client, { endpointName: DEFAULT_ENDPOINT });
    const mapped = await adapter
      .invoke({ operation: 'summarize', series: [{ values: [] }] }, { tenantId: 't-1' })
      .catch((e: unknown) => e);
    expect(mapped).toBeInstanceOf(ValidationError);
    expect(mapped).toMatchObject({ code: 'NO_VALID_SERIES', details: [{ path: 'series[0].values' }] });
  }, 60_000);

  it('honours TargetVariant, including a variant of weight 0', async () => {
    const body = { operation: 'summarize', series: [{ values: series(10) }] };
    for (const [variant, version] of [
      ['challenger', '2'],
      ['shadow', '3'],
      ['CHAMPION', '1'],
    ] as const) {
      for (let i = 0; i < 5; i++) {
        const { output, answer } = await invoke(AB_ENDPOINT, body, variant);
        expect(output.InvokedProductionVariant?.toLowerCase()).toBe(variant.toLowerCase());
        expect(answer.model).toEqual({ name: 'detector', version });
      }
    }
  }, 90_000);

  it('splits traffic by the registry weights when no variant is targeted', async () => {
    const body = { operation: 'summarize', series: [{ values: series(10) }] };
    const counts: Record<string, number> = {};
    const calls = 400;
    const seed = 20_261_202;
    random = seededRandom(seed);
    // The same draws decide the expected split: the registry lists variants by name, so
    // challenger (weight 1 of 4) holds [0, 1/4) and champion the rest.
    const draws = seededRandom(seed);
    const expectedChampion = Array.from({ length: calls }, draws).filter((u) => u >= 0.25).length;
    for (let start = 0; start < calls; start += 8) {
      const batch = await Promise.all(Array.from({ length: 8 }, () => invoke(AB_ENDPOINT, body)));
      for (const { output, answer } of batch) {
        const variant = output.InvokedProductionVariant ?? '?';
        counts[variant] = (counts[variant] ?? 0) + 1;
        // The variant that answered is the one the registry maps to that model version.
        expect({ variant, version: answer.model.version }).toEqual(
          variant === 'champion' ? { variant, version: '1' } : { variant, version: '2' },
        );
      }
    }
    expect(counts.champion).toBe(expectedChampion);
    expect(counts.challenger).toBe(calls - expectedChampion);
    // The seed is not a freak draw: within 4.6 binomial standard deviations (sd = 8.7) of 300.
    expect(Math.abs(expectedChampion - 300)).toBeLessThanOrEqual(40);
    expect(counts.shadow).toBeUndefined();
  }, 120_000);

  it('answers an unknown endpoint or variant with a SageMaker ValidationError', async () => {
    const body = { operation: 'summarize', series: [{ values: [1, 2, 3] }] };
    await expect(invoke('no-such-endpoint', body)).rejects.toBeInstanceOf(SageMakerValidationError);
    await expect(invoke(AB_ENDPOINT, body, 'ghost')).rejects.toBeInstanceOf(SageMakerValidationError);
    const adapter = new SageMakerModelEndpoint(client, { endpointName: AB_ENDPOINT });
    await expect(adapter.invoke(body as never, { targetVariant: 'ghost' })).rejects.toMatchObject({
      code: 'INVALID_TARGET_VARIANT',
    });
  });

  it('reports the answering variant and model through the ModelEndpoint adapter', async () => {
    const adapter = new SageMakerModelEndpoint(client, { endpointName: AB_ENDPOINT });
    const result = await adapter.invoke(
      { operation: 'summarize', series: [{ values: series(20) }] },
      { targetVariant: 'challenger', inferenceId: 'abc', tenantId: 't-9' },
    );
    expect(result.variant).toBe('challenger');
    expect(result.model).toEqual({ name: 'detector', version: '2' });
    expect(result.response.succeeded).toBe(1);
  });
});

describe('model server cap', () => {
  const CAP = 2;
  const ENDPOINT = 'nexus-capped';
  let router: EndpointRouter;
  let client: SageMakerRuntimeClient;
  const registry = new InMemoryModelRegistry();

  const invokeVariant = async (variant: string): Promise<Answer> => {
    const output = await client.send(
      new InvokeEndpointCommand({
        EndpointName: ENDPOINT,
        ContentType: 'application/json',
        Body: JSON.stringify({ operation: 'summarize', series: [{ values: series(10) }] }),
        TargetVariant: variant,
      }),
    );
    return JSON.parse(output.Body?.transformToString() ?? '') as Answer;
  };
  /** Evicted servers stop asynchronously: wait until the live count settles. */
  const settled = () => waitFor(async () => router.liveProcesses() <= CAP, 10_000, 'evicted servers to stop');

  beforeAll(async () => {
    for (const n of [1, 2, 3, 4]) {
      await registry.registerVersion({
        modelName: 'capped',
        algorithm: 'knn',
        hyperparameters: {},
        scores: {},
        artifact: 'image:1',
        createdBy: 'key:test',
        fingerprint: `c${n}`,
      });
    }
    await registry.replaceEndpointVariants(
      ENDPOINT,
      [1, 2, 3, 4].map((version) => ({
        variantName: `v${version}`,
        modelName: 'capped',
        version,
        weight: 1,
      })),
    );
    router = await startEndpointRouter({
      port: 0,
      endpoints: [],
      variants: (name) => listEndpointVariants(name, { registry }),
      maxModelServers: CAP,
      log: silentLog,
    });
    client = runtimeClient(router.url);
  }, 30_000);

  afterAll(async () => {
    client?.destroy();
    await router?.stop();
  });

  it('keeps at most the cap of processes live, stopping the least recently used, and restarts an evicted variant on demand', async () => {
    const evictedPids: number[] = [];
    const versions: string[] = [];
    for (const variant of ['v1', 'v2', 'v3', 'v4']) {
      const before = (await router.modelServers()).map((s) => s.pid ?? -1);
      versions.push((await invokeVariant(variant)).model.version);
      await settled();
      const after = (await router.modelServers()).map((s) => s.pid ?? -1);
      evictedPids.push(...before.filter((pid) => !after.includes(pid)));
      expect(after.length).toBeLessThanOrEqual(CAP);
    }
    // v1 and v2 were stopped (least recently used first) when v3 and v4 started.
    expect(evictedPids).toHaveLength(2);
    for (const pid of evictedPids) expect(() => process.kill(pid, 0)).toThrow();

    // Using v3 makes v4 the least recently used: v1 restarting stops v4, not v3.
    await invokeVariant('v3');
    const again = await invokeVariant('v1');
    await settled();
    const live = (await router.modelServers()).map((s) => s.model.version).sort();

    expect(versions).toEqual(['1', '2', '3', '4']);
    expect(again.model).toEqual({ name: 'capped', version: '1' });
    expect(live).toEqual(['1', '3']);
    expect(router.liveProcesses()).toBe(CAP);
  }, 120_000);
});
