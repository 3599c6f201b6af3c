/**
 * Attack suite on the whole local platform: two tenants, A and B, each with an admin key, and
 * the attacks of issue 10 and their neighbours tried as an attacker would, over HTTP. Every
 * refusal must come in Nexus's error shape and never as a 5xx.
 */
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import { reportFilesPrefix, signReportFileToken } from '../../shared/domain/reports/report-file-token';
import { signUnsubscribeToken } from '../../shared/domain/reports/unsubscribe-token';
import { EnvNames } from '../../shared/runtime/env-names';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import { rawRequest } from '../support/raw-http';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
  requestId: string;
}

let e2e: E2ePlatform | undefined;
let platform: LocalPlatform;
let pool: pg.Pool;
let directory: PostgresTenantDirectory;
let a: ApiClient;
let b: ApiClient;
let tenantA: string;
let tenantB: string;
let keyA: { keyId: string; apiKey: string };

function expectErrorShape(body: unknown): asserts body is ErrorBody {
  expect(body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
    requestId: expect.any(String),
  });
}

let operator: ApiClient;

/** A tenant created as an operator does: POST /v1/tenants, which answers with its first admin key. */
async function tenant(name: string) {
  const created = await operator.postJson<{ tenantId: string; apiKey: string; keyId: string }>(
    '/v1/tenants',
    {
      name,
      contactEmail: 'ops@example.com',
    },
  );
  expect(created.status).toBe(201);
  const { tenantId, apiKey, keyId } = created.body;
  return { tenantId, key: { keyId, apiKey }, api: new ApiClient(platform.apiUrl, apiKey) };
}

beforeAll(async () => {
  e2e = await startE2ePlatform('security');
  platform = e2e.platform;
  pool = new pg.Pool({ connectionString: platform.standIns.databaseUrl, max: 2 });
  directory = new PostgresTenantDirectory(pool);
  operator = new ApiClient(platform.apiUrl, platform.operatorKey);
  const ta = await tenant('Tenant A');
  const tb = await tenant('Tenant B');
  ({ tenantId: tenantA, key: keyA, api: a } = ta);
  b = tb.api;
  tenantB = tb.tenantId;
  expect(
    (
      await a.postJson('/v1/datasets', {
        name: 'orders',
        fields: [{ name: 'total', type: 'number', required: true }],
      })
    ).status,
  ).toBe(201);
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await e2e?.stop();
});

describe('SQL, through the API', () => {
  it.each([
    ["SELECT 1 /* /* */ ' */ , current_setting('allowed_directories') /* ' */", 'SQL_FORBIDDEN_FUNCTION'],
    [
      "SELECT 42 ) q; COPY (SELECT 1) TO 'x.parquet' (FORMAT parquet); SELECT 42 FROM (SELECT 1",
      'SQL_MULTIPLE_STATEMENTS',
    ],
    ['SELECT 1; SELECT 2', 'SQL_MULTIPLE_STATEMENTS'],
    ['SELECT * FROM sqlite_master', 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM duckdb_databases()', 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT * FROM information_schema.tables', 'SQL_FORBIDDEN_REFERENCE'],
    ["SELECT * FROM read_parquet('/**/*.parquet*')", 'SQL_FORBIDDEN_FUNCTION'],
    ['SELECT * FROM "/etc/passwd"', 'SQL_FORBIDDEN_REFERENCE'],
    ["SELECT $$x$$, * FROM 'data.csv'", 'SQL_FORBIDDEN_REFERENCE'],
    ['SELECT * FROM "ｏｒｄｅｒｓ"', 'SQL_FORBIDDEN_REFERENCE'],
    ["SELECT * FROM events, glob('/*')", 'SQL_FORBIDDEN_FUNCTION'],
  ])('refuses %s with 400 %s, naming no internal wrapper or host path', async (sql, code) => {
    const response = await a.postJson('/v1/queries', { sql });
    expect(response.status).toBe(400);
    expectErrorShape(response.body);
    expect(response.body.error.code).toBe(code);
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/LIMIT 10001|\) AS q/);
    expect(text).not.toContain(platform.standIns.lakeDir);
  });

  it("refuses another tenant's dataset by name: B cannot read A's orders", async () => {
    const response = await b.postJson('/v1/queries', { sql: 'SELECT * FROM orders' });
    expect(response.status).toBe(400);
    expect((response.body as unknown as ErrorBody).error.code).toBe('SQL_FORBIDDEN_REFERENCE');
  });

  it('reports an engine error without host paths', async () => {
    const result = await a.query('SELECT no_such_column FROM events');
    expect(result.status).toBe('FAILED');
    expect(result.error?.code).toBe('QUERY_FAILED');
    expect(JSON.stringify(result)).not.toContain(platform.standIns.lakeDir);
  });
});

describe('cross-tenant ids', () => {
  it("answers 404 to B for A's query, upload, dataset and key, as for ids that do not exist", async () => {
    const query = await a.postJson<{ queryId: string }>('/v1/queries', { sql: 'SELECT 1' });
    const upload = await a.postJson<{ uploadId: string }>('/v1/uploads', {
      contentType: 'application/x-ndjson',
      sizeBytes: 10,
    });
    expect([query.status, upload.status]).toEqual([202, 201]);
    const probes = [
      await b.request('GET', `/v1/queries/${query.body.queryId}`),
      await b.request('GET', `/v1/uploads/${upload.body.uploadId}`),
      await b.request('GET', '/v1/datasets/orders'),
      await b.request('DELETE', `/v1/api-keys/${keyA.keyId}`),
    ];
    expect(probes.map((p) => p.status)).toEqual([404, 404, 404, 404]);
    for (const probe of probes) expectErrorShape(probe.body);
    // A's key still works: B's DELETE revoked nothing.
    expect((await a.request('GET', '/v1/datasets')).status).toBe(200);
  });

  it("answers 404 to B for A's report, its runs, send, change and delete, and refuses A's metric in B's report", async () => {
    const metric = await a.postJson<{ metricId: string }>('/v1/metrics', {
      name: 'A signups',
      dataset: 'events',
      aggregation: 'count',
    });
    const report = await a.postJson<{ reportId: string }>('/v1/reports', {
      name: 'A only',
      schedule: { cron: '0 8 * * *', timezone: 'UTC' },
      recipients: ['a@example.com'],
      contents: [{ type: 'metric', metricId: metric.body.metricId }],
    });
    expect([metric.status, report.status]).toEqual([201, 201]);
    const id = report.body.reportId;
    const probes = [
      await b.request('GET', `/v1/reports/${id}`),
      await b.request('GET', `/v1/reports/${id}/runs`),
      await b.postJson(`/v1/reports/${id}/send`, { recipients: ['attacker@example.com'] }),
      await b.request('PATCH', `/v1/reports/${id}`, {
        body: JSON.stringify({ recipients: ['attacker@example.com'] }),
        contentType: 'application/json',
      }),
      await b.request('DELETE', `/v1/reports/${id}`),
      await b.postJson(`/v1/reports/${id}/preview`, {}),
    ];
    expect(probes.map((p) => p.status)).toEqual([404, 404, 404, 404, 404, 404]);
    for (const probe of probes) expectErrorShape(probe.body);
    expect((await b.request<{ items: unknown[] }>('GET', '/v1/reports')).body.items).toEqual([]);
    const borrowed = await b.postJson('/v1/reports', {
      name: 'Borrowed',
      schedule: { cron: '0 8 * * *', timezone: 'UTC' },
      recipients: ['b@example.com'],
      contents: [{ type: 'forecast', metricId: metric.body.metricId, horizon: '24h' }],
    });
    expect(borrowed.status).toBe(400);
    expectErrorShape(borrowed.body);
    expect(borrowed.body.error.details?.[0]?.path).toBe('contents[0].metricId');
    expect((await a.request<{ recipients: string[] }>('GET', `/v1/reports/${id}`)).body.recipients).toEqual([
      'a@example.com',
    ]);
  });

  it("refuses A's unsubscribe token on B's report, tampered and unsigned tokens (400), and suppresses nothing of B's", async () => {
    const create = (api: ApiClient, recipient: string) =>
      api.postJson<{ reportId: string }>('/v1/reports', {
        name: 'Unsubscribable',
        schedule: { cron: '0 8 * * *', timezone: 'UTC' },
        recipients: [recipient],
        contents: [{ type: 'query', sql: 'SELECT name FROM events LIMIT 3' }],
      });
    const [reportA, reportB] = [await create(a, 'ana@example.com'), await create(b, 'ana@example.com')];
    expect([reportA.status, reportB.status]).toEqual([201, 201]);
    // What A's recipient holds: a valid link for A's report (signed with the platform's key).
    const key = Buffer.from(platform.env[EnvNames.unsubscribeSigningKey] ?? '', 'utf8');
    const valid = signUnsubscribeToken(key, {
      tenantId: tenantA,
      reportId: reportA.body.reportId,
      recipient: 'ana@example.com',
    });
    const [, signature] = valid.split('.');
    // No API key: the route is public, the token is the credential.
    const oneClick = (token: string) =>
      fetch(`${platform.apiUrl}/v1/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    const claims = (tenantId: string, reportId: string) =>
      Buffer.from(JSON.stringify({ t: tenantId, r: reportId, e: 'ana@example.com' })).toString('base64url');
    const attempts = [
      // A's signature over claims edited to B's report, or to B's tenant and report.
      `${claims(tenantA, reportB.body.reportId)}.${signature}`,
      `${claims(tenantB, reportB.body.reportId)}.${signature}`,
      // Unsigned, truncated, garbage.
      claims(tenantB, reportB.body.reportId),
      valid.slice(0, -1),
      'x',
    ];
    for (const token of attempts) {
      const post = await oneClick(token);
      expect(post.status, token).toBe(400);
      const body: unknown = await post.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('INVALID_UNSUBSCRIBE_TOKEN');
      const page = await fetch(`${platform.apiUrl}/v1/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(page.status, token).toBe(400);
    }
    // Even a correctly signed token naming A's tenant with B's report finds no such report of A's.
    const crossed = signUnsubscribeToken(key, {
      tenantId: tenantA,
      reportId: reportB.body.reportId,
      recipient: 'ana@example.com',
    });
    expect((await oneClick(crossed)).status).toBe(404);
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM email_suppressions WHERE tenant_id = $1',
      [tenantB],
    );
    expect(rows[0]?.n).toBe(0);
    // A's own link still works for A's report only.
    expect((await oneClick(valid)).status).toBe(200);
    const after = await pool.query('SELECT tenant_id, report_id FROM email_suppressions WHERE address = $1', [
      'ana@example.com',
    ]);
    expect(after.rows).toEqual([{ tenant_id: tenantA, report_id: reportA.body.reportId }]);
  });

  it("refuses A's report-file link edited to B's file (400) and redirects A's own link to A's file only", async () => {
    const key = Buffer.from(platform.env[EnvNames.unsubscribeSigningKey] ?? '', 'utf8');
    const reportId = '33333333-3333-4333-8333-333333333333';
    const fileOf = (tenantId: string) => `${reportFilesPrefix(tenantId, reportId)}run=r1/orders-1.csv`;
    const x = Math.floor(Date.now() / 1000) + 7 * 86_400;
    const valid = signReportFileToken(key, {
      tenantId: tenantA,
      reportId,
      key: fileOf(tenantA),
      expiresAt: new Date(x * 1000),
    });
    const [, signature] = valid.split('.');
    const claims = (t: string, k: string) =>
      Buffer.from(JSON.stringify({ t, r: reportId, k, x })).toString('base64url');
    // No API key: the route is public, the token is the credential.
    const open = (token: string) =>
      fetch(`${platform.apiUrl}/v1/report-files?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    const attempts = [
      // A's signature over claims edited to B's object, with and without B's tenant.
      `${claims(tenantA, fileOf(tenantB))}.${signature}`,
      `${claims(tenantB, fileOf(tenantB))}.${signature}`,
      // Correctly signed, but naming B's object under A's tenant: outside A's prefix.
      signReportFileToken(key, {
        tenantId: tenantA,
        reportId,
        key: fileOf(tenantB),
        expiresAt: new Date(x * 1000),
      }),
      // A's unsubscribe token, signed with the same key for another purpose.
      signUnsubscribeToken(key, { tenantId: tenantA, reportId, recipient: 'ana@example.com' }),
      valid.slice(0, -1),
    ];
    for (const token of attempts) {
      const refused = await open(token);
      expect(refused.status, token).toBe(400);
      const body: unknown = await refused.json();
      expectErrorShape(body);
      expect(body.error.code).toBe('INVALID_REPORT_FILE_TOKEN');
    }
    const own = await open(valid);
    expect(own.status).toBe(302);
    const location = new URL(own.headers.get('location') ?? '');
    expect(decodeURIComponent(location.pathname)).toContain(fileOf(tenantA));
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
  });

  it("answers 404 to B for A's alert and channel, and refuses A's channel and metric in B's alert", async () => {
    const metric = await a.postJson<{ metricId: string }>('/v1/metrics', {
      name: 'A orders',
      dataset: 'events',
      aggregation: 'count',
    });
    const channel = await a.postJson<{ channelId: string }>('/v1/alert-channels', {
      type: 'email',
      recipients: ['oncall-a@example.com'],
    });
    const alert = await a.postJson<{ alertId: string }>('/v1/alerts', {
      name: 'A spike',
      metricId: metric.body.metricId,
      condition: { type: 'threshold', op: 'gt', value: 10 },
      channels: [channel.body.channelId],
    });
    expect([metric.status, channel.status, alert.status]).toEqual([201, 201, 201]);
    const alertId = alert.body.alertId;
    const channelId = channel.body.channelId;
    const probes = [
      await b.request('GET', `/v1/alerts/${alertId}`),
      await b.request('GET', `/v1/alerts/${alertId}/events`),
      await b.request('PATCH', `/v1/alerts/${alertId}`, {
        body: JSON.stringify({ muted: true }),
        contentType: 'application/json',
      }),
      await b.postJson(`/v1/alerts/${alertId}/test`, {}),
      await b.request('DELETE', `/v1/alerts/${alertId}`),
      await b.request('GET', `/v1/alert-channels/${channelId}`),
      await b.request('GET', `/v1/alert-channels/${channelId}/deliveries`),
      await b.request('DELETE', `/v1/alert-channels/${channelId}`),
    ];
    expect(probes.map((p) => p.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    for (const probe of probes) expectErrorShape(probe.body);
    expect((await b.request<{ items: unknown[] }>('GET', '/v1/alerts')).body.items).toEqual([]);
    expect((await b.request<{ items: unknown[] }>('GET', '/v1/alert-channels')).body.items).toEqual([]);
    const borrowed = await b.postJson('/v1/alerts', {
      name: 'Borrowed',
      metricId: metric.body.metricId,
      condition: { type: 'threshold', op: 'gt', value: 10 },
      channels: [channelId],
    });
    expect(borrowed.status).toBe(400);
    expectErrorShape(borrowed.body);
    expect(borrowed.body.error.details?.[0]?.path).toBe('metricId');
    // A's rule is untouched: not muted, not deleted by B's attempts.
    const mine = await a.request<{ muted: boolean }>('GET', `/v1/alerts/${alertId}`);
    expect([mine.status, mine.body.muted]).toEqual([200, false]);
  });

  it("refuses a presigned upload URL edited to another tenant's prefix (403), so nothing lands there", async () => {
    const upload = await b.postJson<{ url: string; headers: Record<string, string> }>('/v1/uploads', {
      contentType: 'application/x-ndjson',
      sizeBytes: 16,
    });
    const forged = upload.body.url.replace(/tenant(=|%3D)[0-9a-f-]{36}/, `tenant$1${tenantA}`);
    expect(forged).not.toBe(upload.body.url);
    const put = await fetch(forged, {
      method: 'PUT',
      headers: upload.body.headers,
      body: '{"name":"x"}\n   ',
    });
    expect(put.status).toBe(403);
  });

  it("refuses unsigned reads of the lake and of A's stored query results on the S3 stand-in", async () => {
    const s3 = platform.standIns.endpoints.s3;
    for (const path of [
      '/nexus-curated?list-type=2',
      `/nexus-query-results?list-type=2&prefix=duckdb/${tenantA}/`,
    ]) {
      expect((await fetch(`${s3}${path}`)).status).toBe(403);
    }
  });
});

describe('metrics, across tenants', () => {
  it("answers 404 to B for every route of A's metric, lists none of A's, and changes nothing of A's", async () => {
    const created = await a.postJson<{ metricId: string }>('/v1/metrics', {
      name: 'Signups',
      dataset: 'events',
      aggregation: 'count',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.metricId;
    const range = 'from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00Z';

    const probes = [
      await b.request('GET', `/v1/metrics/${id}`),
      await b.request('GET', `/v1/metrics/${id}/series?${range}`),
      await b.request('GET', `/v1/metrics/${id}/anomalies?${range}`),
      await b.request('GET', `/v1/metrics/${id}/model-accuracy?${range}`),
      await b.request('DELETE', `/v1/metrics/${id}`),
    ];
    const listed = await b.request<{ items: { metricId: string }[] }>('GET', '/v1/metrics');
    // B naming A's dataset reaches only B's own (missing) one: the answer for a name no tenant has.
    const onAsDataset = await b.postJson('/v1/metrics', {
      name: 'Steal',
      dataset: 'orders',
      aggregation: 'count',
    });
    const onNothing = await b.postJson('/v1/metrics', {
      name: 'Steal',
      dataset: 'nothing',
      aggregation: 'count',
    });

    expect(probes.map((p) => p.status)).toEqual([404, 404, 404, 404, 404]);
    for (const probe of probes) expectErrorShape(probe.body);
    expect(listed.body.items.map((m) => m.metricId)).not.toContain(id);
    expect(onAsDataset.status).toBe(400);
    expect(
      JSON.stringify(onAsDataset.body)
        .replace(/orders/g, 'X')
        .replace(/"requestId":"[^"]+"/, ''),
    ).toBe(
      JSON.stringify(onNothing.body)
        .replace(/nothing/g, 'X')
        .replace(/"requestId":"[^"]+"/, ''),
    );
    expect((await a.request('GET', `/v1/metrics/${id}`)).status).toBe(200);
  });

  it('refuses metric changes to keys without the admin scope (403), and metric reads to ingest-only keys', async () => {
    const { tenantId } = await directory.createTenant('Metric readers');
    const reader = new ApiClient(
      platform.apiUrl,
      (await directory.createApiKey(tenantId, 'r', ['query'])).apiKey,
    );
    const writer = new ApiClient(
      platform.apiUrl,
      (await directory.createApiKey(tenantId, 'w', ['ingest'])).apiKey,
    );

    const probes = [
      await reader.postJson('/v1/metrics', { name: 'Mine', dataset: 'events', aggregation: 'count' }),
      await reader.request('DELETE', '/v1/metrics/3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f'),
      await writer.request('GET', '/v1/metrics'),
      await writer.request('GET', '/v1/metrics/3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f/model-accuracy'),
    ];

    expect(probes.map((p) => p.status)).toEqual([403, 403, 403, 403]);
    for (const probe of probes) expectErrorShape(probe.body);
  });
});

describe('operator and tenants', () => {
  it('refuses operator routes to a tenant admin key (403), and tenant routes to the operator key (403)', async () => {
    const probes = [
      await a.postJson('/v1/tenants', { name: 'Sneaky' }),
      await a.request('GET', '/v1/tenants'),
      await a.request('PUT', `/v1/tenants/${tenantA}/limits`, {
        body: JSON.stringify({ concurrentQueries: 20 }),
        contentType: 'application/json',
      }),
      await a.request('PUT', '/v1/endpoints/nexus-anomaly-local/variants', {
        body: JSON.stringify({ variants: [{ name: 'x', weight: 1 }] }),
        contentType: 'application/json',
      }),
      await a.postJson('/v1/models/nab-detector/versions/1/promote', {}),
      // Model monitoring aggregates every tenant's series: the operator's alone.
      await a.request('GET', '/v1/models/nexus-analytics/versions/builtin/monitoring'),
      // A tenant admin cannot raise another tenant's limits, nor lower them to starve it.
      await a.request('PUT', `/v1/tenants/${tenantB}/limits`, {
        body: JSON.stringify({ requestsPerSecond: 1 }),
        contentType: 'application/json',
      }),
      await operator.postJson('/v1/queries', { sql: 'SELECT 1' }),
      await operator.request('GET', '/v1/datasets'),
      await operator.request('GET', '/v1/metrics'),
    ];
    expect(probes.map((p) => p.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403, 403]);
    for (const probe of probes) expectErrorShape(probe.body);
  });

  it('lists tenants with their effective limits, and a limit change applies from the next request', async () => {
    const changed = await operator.request<{ limits: Record<string, number> }>(
      'PUT',
      `/v1/tenants/${tenantA}/limits`,
      {
        body: JSON.stringify({ requestsPerSecond: 900 }),
        contentType: 'application/json',
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.limits).toMatchObject({ requestsPerSecond: 900, concurrentQueries: 2 });
    const listed = await operator.request<{
      items: { tenantId: string; effectiveLimits: Record<string, number> }[];
    }>('GET', '/v1/tenants');
    expect(listed.body.items.find((t) => t.tenantId === tenantA)?.effectiveLimits.requestsPerSecond).toBe(
      900,
    );
  });

  it('answers 404 for limits of an unknown tenant and 400 for an unknown or invalid limit', async () => {
    const put = (id: string, body: unknown) =>
      operator.request('PUT', `/v1/tenants/${id}/limits`, {
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
    const unknown = await put('3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f', { burst: 10 });
    const extra = await put(tenantA, { memoryBytes: 1e12 });
    const negative = await put(tenantA, { concurrentQueries: -1 });
    expect([unknown.status, extra.status, negative.status]).toEqual([404, 400, 400]);
  });
});

describe('keys and scopes', () => {
  it('refuses scope escalation: an ingest-only key can neither create keys nor query (403)', async () => {
    const { tenantId } = await directory.createTenant('Scoped');
    const ingestOnly = await directory.createApiKey(tenantId, 'writer', ['ingest']);
    const client = new ApiClient(platform.apiUrl, ingestOnly.apiKey);
    const escalate = await client.postJson('/v1/api-keys', { name: 'mine', scopes: ['admin'] });
    const query = await client.postJson('/v1/queries', { sql: 'SELECT 1' });
    expect([escalate.status, query.status]).toEqual([403, 403]);
    expectErrorShape(escalate.body);
  });

  it('stops a revoked key on its very next request, before it can mint new keys', async () => {
    const { tenantId } = await directory.createTenant('Revoked');
    const key = await directory.createApiKey(tenantId, 'admin', ['admin']);
    const client = new ApiClient(platform.apiUrl, key.apiKey);
    expect((await client.request('GET', '/v1/api-keys')).status).toBe(200);
    await directory.revokeApiKey(tenantId, key.keyId);
    const minted = await client.postJson('/v1/api-keys', { name: 'backdoor', scopes: ['admin'] });
    expect(minted.status).toBe(401);
    expect((minted.body as unknown as ErrorBody).error.code).toBe('REVOKED_API_KEY');
  });

  it.each([
    [
      'junk then valid Authorization',
      [
        ['Authorization', 'Bearer nx_junk'],
        ['authorization', 'Bearer KEY'],
      ],
    ],
    [
      'valid then junk x-api-key, oddly cased',
      [
        ['X-Api-Key', 'KEY'],
        ['x-API-key', 'nx_junk'],
      ],
    ],
  ])('answers 400 to %s, and the junk key alone is refused afterwards', async (_, pairs) => {
    const headers = (pairs as [string, string][]).map(
      ([name, value]) => [name, value.replace('KEY', keyA.apiKey)] as const,
    );
    const both = await rawRequest(platform.apiUrl, 'GET', '/v1/datasets', headers);
    expect(both.status).toBe(400);
    expectErrorShape(JSON.parse(both.body));
    const junk = await rawRequest(platform.apiUrl, 'GET', '/v1/datasets', [
      ['Authorization', 'Bearer nx_junk'],
    ]);
    expect(junk.status).toBe(401);
  });
});

describe('hostile bodies and paths', () => {
  it.each([
    ['%25', '/v1/queries/%25'],
    ['%25%32%35', '/v1/datasets/%25%32%35'],
    ['%E0%A4%A', '/v1/uploads/%E0%A4%A'],
  ])('answers a 4xx, never a 500, for a path parameter of %s', async (_, path) => {
    const response = await a.request('GET', path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectErrorShape(response.body);
  });

  it.each([
    ['/v1/events', 'application/json'],
    ['/v1/queries', 'application/json'],
    ['/v1/datasets', 'application/json'],
  ])('answers 400 to a JSON body nested 200,000 levels deep on %s', async (path) => {
    const body = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const response = await a.request('POST', path, { body, contentType: 'application/json' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body);
  });

  it('answers 413 to a gzip bomb (10 MiB on the wire, gigabytes inflated)', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20));
    const response = await a.request('POST', '/v1/events', {
      body: bomb,
      contentType: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(413);
    expectErrorShape(response.body);
  });

  it('answers 400 to an XML entity bomb', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><events><event><name>&lol2;</name></event></events>`;
    const response = await a.request('POST', '/v1/events', { body: lol, contentType: 'application/xml' });
    expect(response.status).toBe(400);
    expectErrorShape(response.body);
  });

  it('answers 405 and 404 in the error shape', async () => {
    const wrongMethod = await a.request('PATCH', '/v1/events');
    const unknown = await a.request('GET', '/v1/nowhere');
    expect([wrongMethod.status, unknown.status]).toEqual([405, 404]);
    expectErrorShape(wrongMethod.body);
    expectErrorShape(unknown.body);
  });
});

describe('no tenant starves another', () => {
  it("serves B's query and API calls while A's runaway queries hold A's own slots", async () => {
    const runaway = 'SELECT count(*) FROM range(1000000000000) a';
    const started = await Promise.all(
      [1, 2, 3].map(() => a.postJson<{ queryId: string }>('/v1/queries', { sql: runaway })),
    );
    expect(started.map((s) => s.status)).toEqual([202, 202, 202]);

    const quick = await b.query('SELECT 42 AS answer');
    const api = await b.request('GET', '/v1/datasets');
    const aStatuses = await Promise.all(
      started.map(
        async (s) =>
          (await a.request<{ status: string }>('GET', `/v1/queries/${s.body.queryId}`)).body.status,
      ),
    );

    expect(quick).toMatchObject({ status: 'SUCCEEDED', rows: [[42]] });
    expect(api.status).toBe(200);
    // A's queries are still running (two, its limit) or queued behind its own: B waited for none.
    expect(aStatuses.sort()).toEqual(['QUEUED', 'RUNNING', 'RUNNING']);
  });
});

describe('rate limits and quotas', () => {
  /** A fresh tenant (so the limits touch no other test) with the given limits set by the operator. */
  async function limited(name: string, limits: Record<string, number>) {
    const t = await tenant(name);
    const set = await operator.request('PUT', `/v1/tenants/${t.tenantId}/limits`, {
      body: JSON.stringify(limits),
      contentType: 'application/json',
    });
    expect(set.status).toBe(200);
    return t;
  }
  const get = (apiKey: string, path: string) =>
    fetch(`${platform.apiUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });

  it("refuses a flooding tenant's excess with 429 RATE_LIMITED and Retry-After, while another tenant's requests all succeed", async () => {
    const noisy = await limited('Noisy', { requestsPerSecond: 1, burst: 5 });
    const quiet = await tenant('Quiet');

    const started = Date.now();
    const [flood, calm] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, () => get(noisy.key.apiKey, '/v1/datasets'))),
      Promise.all(Array.from({ length: 30 }, () => get(quiet.key.apiKey, '/v1/datasets'))),
    ]);
    const seconds = (Date.now() - started) / 1000;

    const served = flood.filter((r) => r.status === 200).length;
    const refused = flood.filter((r) => r.status === 429);
    // The burst, plus at most one refill per second the flood lasted.
    expect(served).toBeGreaterThanOrEqual(5);
    expect(served).toBeLessThanOrEqual(5 + Math.ceil(seconds));
    expect(refused.length).toBe(flood.length - served);
    const body = (await refused[0]?.json()) as ErrorBody;
    expectErrorShape(body);
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(calm.map((r) => r.status)).toEqual(calm.map(() => 200));
  });

  it('lets the flooding tenant back in once its bucket refills, and applies a raised limit from the next request', async () => {
    const noisy = await limited('Refilled', { requestsPerSecond: 1, burst: 1 });
    expect((await get(noisy.key.apiKey, '/v1/datasets')).status).toBe(200);
    const refused = await get(noisy.key.apiKey, '/v1/datasets');
    expect(refused.status).toBe(429);

    await new Promise((r) => setTimeout(r, Number(refused.headers.get('retry-after')) * 1000));
    expect((await get(noisy.key.apiKey, '/v1/datasets')).status).toBe(200);

    await operator.request('PUT', `/v1/tenants/${noisy.tenantId}/limits`, {
      body: JSON.stringify({ burst: 20 }),
      contentType: 'application/json',
    });
    const after = await Promise.all(Array.from({ length: 5 }, () => get(noisy.key.apiKey, '/v1/datasets')));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('refuses events past the daily quota with 429 QUOTA_EXCEEDED and Retry-After, and counts only what it accepted', async () => {
    const small = await limited('Small quota', { eventsPerDay: 5 });
    const quiet = await tenant('Big quota');
    const events = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `e${i}`, timestamp: new Date().toISOString() }));

    const first = await small.api.postJson('/v1/events', events(4));
    const over = await fetch(`${platform.apiUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${small.key.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(events(2)),
    });
    const fits = await small.api.postJson('/v1/events', events(1));
    const other = await quiet.api.postJson('/v1/events', events(50));

    expect(first.status).toBe(202);
    expect(over.status).toBe(429);
    const body = (await over.json()) as ErrorBody;
    expect(body.error.code).toBe('QUOTA_EXCEEDED');
    const untilMidnight =
      (Date.parse(new Date().toISOString().slice(0, 10)) + 86_400_000 - Date.now()) / 1000;
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(untilMidnight - 60);
    expect(fits.status).toBe(202);
    expect(other.status).toBe(202);
  });
});
