/** The model registry over HTTP on the local platform: register, promote, roll back, A/B split, and every error status. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string }[] };
}
interface VersionBody {
  modelName: string;
  version: number;
  stage: string;
  scores: Record<string, number>;
}
interface PromotionBody {
  changed: boolean;
  production: VersionBody;
  archived: VersionBody | null;
}

let platform: LocalPlatform;
let api: ApiClient;
let e2e: E2ePlatform | undefined;
let pool: pg.Pool;

const registration = (nabStandard: number) => ({
  description: 'Streaming anomaly detector',
  algorithm: 'robust-zscore',
  hyperparameters: { window: 48, threshold: 0.995 },
  scores: { nabStandard },
  artifact: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/nexus-model-server:1.0.0',
});

beforeAll(async () => {
  e2e = await startE2ePlatform('models');
  ({ platform } = e2e);
  // The model registry is the platform operator's: the demo tenant's admin key gets 403 there.
  api = new ApiClient(platform.apiUrl, platform.operatorKey);
  pool = new pg.Pool({ connectionString: platform.standIns.databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await e2e?.stop();
});

const put = <T>(path: string, value: unknown) =>
  api.request<T>('PUT', path, { body: JSON.stringify(value), contentType: 'application/json' });

describe('model registry happy path', () => {
  it('registers, promotes, rolls back and splits an endpoint, auditing every change', async () => {
    // Register two versions; the first is retried with its idempotency key.
    const first = await api.request<VersionBody>('POST', '/v1/models/nab-detector/versions', {
      body: JSON.stringify(registration(70.1)),
      contentType: 'application/json',
      headers: { 'idempotency-key': 'release-2026-11-25' },
    });
    const retry = await api.request<VersionBody>('POST', '/v1/models/nab-detector/versions', {
      body: JSON.stringify(registration(70.1)),
      contentType: 'application/json',
      headers: { 'idempotency-key': 'release-2026-11-25' },
    });
    const second = await api.postJson<VersionBody>('/v1/models/nab-detector/versions', registration(72.4));
    expect([first.status, first.body.version, first.body.stage]).toEqual([201, 1, 'staging']);
    expect([retry.status, retry.body.version]).toEqual([200, 1]);
    expect([second.status, second.body.version, second.body.scores]).toEqual([201, 2, { nabStandard: 72.4 }]);

    // Promote 1, then 2 (1 is archived), then roll back to 1.
    const p1 = await api.postJson<PromotionBody>('/v1/models/nab-detector/versions/1/promote', {});
    const p2 = await api.postJson<PromotionBody>('/v1/models/nab-detector/versions/2/promote', {});
    const back = await api.postJson<PromotionBody>('/v1/models/nab-detector/rollback', {});
    expect([p1.status, p1.body.production.version]).toEqual([200, 1]);
    expect([p2.body.production.version, p2.body.archived?.version]).toEqual([2, 1]);
    expect([back.status, back.body.production.version, back.body.archived?.version]).toEqual([200, 1, 2]);

    const versions = await api.request<{ items: VersionBody[] }>('GET', '/v1/models/nab-detector/versions');
    expect(versions.body.items.map((v) => [v.version, v.stage])).toEqual([
      [2, 'archived'],
      [1, 'production'],
    ]);
    const models = await api.request<{ items: { name: string; productionVersion?: number }[] }>(
      'GET',
      '/v1/models',
    );
    expect(models.body.items).toContainEqual(
      expect.objectContaining({ name: 'nab-detector', productionVersion: 1 }),
    );

    // A/B: 80/20 between the production version and the challenger.
    const variants = [
      { variantName: 'champion', modelName: 'nab-detector', version: 1, weight: 4 },
      { variantName: 'challenger', modelName: 'nab-detector', version: 2, weight: 1 },
    ];
    // The endpoint the platform serves (in AWS the one endpoint the stack deploys).
    const endpoint = platform.env.MODEL_ENDPOINT_NAME;
    const set = await put<{ variants: { variantName: string; trafficShare: number }[] }>(
      `/v1/endpoints/${endpoint}/variants`,
      { variants },
    );
    const read = await api.request<{ variants: { variantName: string; trafficShare: number }[] }>(
      'GET',
      `/v1/endpoints/${endpoint}/variants`,
    );
    expect(set.status).toBe(200);
    expect(read.body).toEqual(set.body);
    expect(Object.fromEntries(read.body.variants.map((v) => [v.variantName, v.trafficShare]))).toEqual({
      champion: 4 / 5,
      challenger: 1 / 5,
    });
    // An endpoint that is not deployed refuses the weights (SageMaker's ValidationException), and nothing is stored.
    const elsewhere = await put<ErrorBody>('/v1/endpoints/not-deployed/variants', { variants });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([404, 'ENDPOINT_NOT_FOUND']);
    const notStored = await api.request<ErrorBody>('GET', '/v1/endpoints/not-deployed/variants');
    expect(notStored.status).toBe(404);

    // Promoting the challenger's version moves the model's traffic to its variant.
    await api.postJson('/v1/models/nab-detector/versions/2/promote', {});
    const followed = await api.request<{ variants: { variantName: string; trafficShare: number }[] }>(
      'GET',
      `/v1/endpoints/${endpoint}/variants`,
    );
    expect(Object.fromEntries(followed.body.variants.map((v) => [v.variantName, v.trafficShare]))).toEqual({
      champion: 0,
      challenger: 1,
    });

    const audit = await pool.query<{ action: string; target: string }>(
      "SELECT action, target FROM audit_log WHERE target LIKE 'model:nab-detector/%' OR target = $1 ORDER BY id",
      [`endpoint:${endpoint}`],
    );
    expect(audit.rows.map((r) => `${r.action} ${r.target}`)).toEqual([
      'model.version-registered model:nab-detector/1',
      'model.version-registered model:nab-detector/2',
      'model.promoted model:nab-detector/1',
      'model.promoted model:nab-detector/2',
      'model.rolled-back model:nab-detector/1',
      `endpoint.variants-set endpoint:${endpoint}`,
      'model.promoted model:nab-detector/2',
      `endpoint.variants-followed-production endpoint:${endpoint}`,
    ]);
  });

  it('leaves one production version after 10 promotions sent at once', async () => {
    for (let i = 0; i < 10; i++) await api.postJson('/v1/models/race/versions', registration(60 + i));

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.postJson(`/v1/models/race/versions/${i + 1}/promote`, {})),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM model_versions WHERE model_name = 'race' AND stage = 'production'",
    );
    expect(rows[0]?.n).toBe(1);
  });
});

describe('model registry errors', () => {
  it("answers 401 without a key and 403 for a tenant's key, even an admin one", async () => {
    const anonymous = await fetch(`${platform.apiUrl}/v1/models`);
    const directory = new PostgresTenantDirectory(pool);
    const { tenantId } = await directory.createTenant('Analyst');
    const key = await directory.createApiKey(tenantId, 'admin', ['query', 'ingest', 'admin']);
    const forbidden = await new ApiClient(platform.apiUrl, key.apiKey).postJson<ErrorBody>(
      '/v1/models/nab-detector/versions/1/promote',
      {},
    );
    expect(anonymous.status).toBe(401);
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('answers 400 naming the fields of an invalid registration and of invalid weights', async () => {
    const registrationError = await api.postJson<ErrorBody>('/v1/models/bad-input/versions', {
      algorithm: 'RCF',
      hyperparameters: ['not', 'an', 'object'],
      scores: { nabStandard: 'high' },
      artifact: 'img:1',
    });
    const weightsError = await put<ErrorBody>('/v1/endpoints/anomaly/variants', {
      variants: [
        { variantName: 'a', modelName: 'nab-detector', version: 1, weight: 0 },
        { variantName: 'b', modelName: 'nab-detector', version: 2, weight: 0 },
      ],
    });
    expect(registrationError.status).toBe(400);
    expect(registrationError.body.error.details?.map((d) => d.path)).toEqual([
      'algorithm',
      'hyperparameters',
      'scores.nabStandard',
    ]);
    expect([weightsError.status, weightsError.body.error.details?.map((d) => d.path)]).toEqual([
      400,
      ['variants'],
    ]);
  });

  it('answers 404 for an unknown model, version and endpoint', async () => {
    await api.postJson('/v1/models/known/versions', registration(50));
    const model = await api.request<ErrorBody>('GET', '/v1/models/unknown-model/versions');
    const version = await api.postJson<ErrorBody>('/v1/models/known/versions/42/promote', {});
    const variantVersion = await put<ErrorBody>('/v1/endpoints/e1/variants', {
      variants: [{ variantName: 'a', modelName: 'known', version: 42, weight: 1 }],
    });
    const endpoint = await api.request<ErrorBody>('GET', '/v1/endpoints/no-such-endpoint/variants');
    expect([model.status, model.body.error.code]).toEqual([404, 'MODEL_NOT_FOUND']);
    expect([version.status, version.body.error.code]).toEqual([404, 'MODEL_VERSION_NOT_FOUND']);
    expect([variantVersion.status, variantVersion.body.error.details?.[0]?.path]).toEqual([
      404,
      'variants[0].version',
    ]);
    expect([endpoint.status, endpoint.body.error.code]).toEqual([404, 'ENDPOINT_NOT_FOUND']);
  });

  it('answers 409 for a reused idempotency key and for a rollback with nothing to roll back to', async () => {
    const send = (nabStandard: number) =>
      api.request<ErrorBody>('POST', '/v1/models/conflicts/versions', {
        body: JSON.stringify(registration(nabStandard)),
        contentType: 'application/json',
        headers: { 'idempotency-key': 'build-9' },
      });
    expect((await send(55)).status).toBe(201);
    const reused = await send(56);
    const rollback = await api.postJson<ErrorBody>('/v1/models/conflicts/rollback', {});
    expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect([rollback.status, rollback.body.error.code]).toEqual([409, 'NO_PREVIOUS_PRODUCTION']);
  });
});
