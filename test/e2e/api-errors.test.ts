/** Every error path of the public API over HTTP: status, machine-readable code and field path. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform';
import { PostgresTenantDirectory } from '../../shared/adapters/postgres/postgres-tenant-directory';
import { ApiClient } from '../support/api-client';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import { contentTypes, encodeEvents, sampleEvent } from '../support/event-bodies';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; code?: string; index?: number }[] };
  requestId: string;
}

let platform: LocalPlatform;
let api: ApiClient;
let e2e: E2ePlatform | undefined;
let pool: pg.Pool;
let directory: PostgresTenantDirectory;

beforeAll(async () => {
  e2e = await startE2ePlatform('errors');
  ({ platform, api } = e2e);
  pool = new pg.Pool({ connectionString: platform.standIns.databaseUrl, max: 2 });
  directory = new PostgresTenantDirectory(pool);
}, 180_000);

afterAll(async () => {
  await pool?.end();
  await e2e?.stop();
});

describe('authentication', () => {
  it.each([
    ['no key', {}, 'MISSING_API_KEY'],
    [
      'an unknown key',
      { authorization: 'Bearer nx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      'UNKNOWN_API_KEY',
    ],
    ['a malformed key', { 'x-api-key': 'hello' }, 'MALFORMED_API_KEY'],
    ['a Basic credential', { authorization: 'Basic aGVsbG86' }, 'MALFORMED_API_KEY'],
  ])('answers 401 for %s, naming what is wrong', async (_, headers, code) => {
    const response = await fetch(`${platform.apiUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(sampleEvent(1)),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe(code);
  });

  it('accepts x-api-key and refuses a key once revoked', async () => {
    const { tenantId } = await directory.createTenant('Revocable');
    const key = await directory.createApiKey(tenantId, 'temp', ['ingest', 'query']);
    const client = new ApiClient(platform.apiUrl, 'unused');
    const send = () =>
      client.request('POST', '/v1/events', {
        body: JSON.stringify(sampleEvent(2)),
        contentType: 'application/json',
        headers: { authorization: '', 'x-api-key': key.apiKey },
      });
    expect((await send()).status).toBe(202);
    await directory.revokeApiKey(tenantId, key.keyId);
    const refused = await send();
    expect(refused.status).toBe(401);
    expect((refused.body as unknown as ErrorBody).error.code).toBe('REVOKED_API_KEY');
  });

  it('answers 403 FORBIDDEN when the key lacks the scope', async () => {
    const { tenantId } = await directory.createTenant('Ingest only');
    const key = await directory.createApiKey(tenantId, 'writer', ['ingest']);
    const response = await new ApiClient(platform.apiUrl, key.apiKey).postJson<ErrorBody>('/v1/queries', {
      sql: 'SELECT 1',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });
});

describe('ingest errors', () => {
  it('keeps the valid records of a batch and names each bad one by index, path and code', async () => {
    const events = [
      sampleEvent(10),
      { ...sampleEvent(11), name: undefined },
      { ...sampleEvent(12), timestamp: 'not a time' },
    ];
    const response = await api.postJson<{
      accepted: number;
      rejected: number;
      errors: { index: number; path: string; code: string }[];
    }>('/v1/events', events);
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected).toBe(2);
    expect(response.body.errors.map((e) => [e.index, e.path, e.code])).toEqual([
      [1, '[1].name', 'REQUIRED'],
      [2, '[2].timestamp', 'INVALID_TIMESTAMP'],
    ]);
  });

  it('answers 400 NO_VALID_RECORDS with the same details when nothing is valid', async () => {
    const response = await api.postJson<ErrorBody>('/v1/events', [{ ...sampleEvent(20), name: 42 }]);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('NO_VALID_RECORDS');
    expect(response.body.error.details?.[0]).toMatchObject({
      index: 0,
      path: '[0].name',
      code: 'TYPE_MISMATCH',
    });
  });

  it('answers 400 MALFORMED_BODY for unparseable JSON and XML', async () => {
    const json = await api.request<ErrorBody>('POST', '/v1/events', {
      body: '[{"name":',
      contentType: 'application/json',
    });
    const xml = await api.request<ErrorBody>('POST', '/v1/events', {
      body: '<events><event>',
      contentType: 'application/xml',
    });
    expect([json.status, json.body.error.code]).toEqual([400, 'MALFORMED_BODY']);
    expect([xml.status, xml.body.error.code]).toEqual([400, 'MALFORMED_BODY']);
  });

  it('answers 415 for an unsupported content type', async () => {
    const response = await api.request<ErrorBody>('POST', '/v1/events', {
      body: 'x',
      contentType: 'application/pdf',
    });
    expect([response.status, response.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('answers 413 for too many records and for an oversized body, and flags an oversized record', async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => sampleEvent(100 + i));
    const many = await api.postJson<ErrorBody>('/v1/events', tooMany);
    expect([many.status, many.body.error.code]).toEqual([413, 'TOO_MANY_RECORDS']);

    const huge = await api.request<ErrorBody>('POST', '/v1/events', {
      body: encodeEvents([{ ...sampleEvent(1), userId: 'x'.repeat(1_100_000) }], 'ndjson'),
      contentType: contentTypes.ndjson,
    });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

    const bigRecord = { ...sampleEvent(3), properties: { blob: 'y'.repeat(40_000) } };
    const mixed = await api.postJson<{ accepted: number; errors: { index: number; code: string }[] }>(
      '/v1/events',
      [sampleEvent(4), bigRecord],
    );
    expect(mixed.status).toBe(202);
    expect(mixed.body.errors).toEqual([expect.objectContaining({ index: 1, code: 'RECORD_TOO_LARGE' })]);
  });

  it('answers 404 DATASET_NOT_FOUND for records to an unknown dataset', async () => {
    const response = await api.postJson<ErrorBody>('/v1/datasets/nope/records', [{ a: 1 }]);
    expect([response.status, response.body.error.code]).toEqual([404, 'DATASET_NOT_FOUND']);
  });

  it('answers 404 ROUTE_NOT_FOUND for an unknown route', async () => {
    const response = await api.request<ErrorBody>('GET', '/v1/nothing-here');
    expect([response.status, response.body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    expect(response.body.error.message).toContain('/v1/nothing-here');
    expect(response.body.requestId).toEqual(expect.any(String));
  });
});

describe('datasets', () => {
  it('registers a typed dataset, ingests into it and rejects wrong types by field path', async () => {
    const created = await api.postJson('/v1/datasets', {
      name: 'orders',
      fields: [
        { name: 'sku', type: 'string', required: true },
        { name: 'quantity', type: 'integer', required: true },
        { name: 'paid', type: 'boolean' },
      ],
    });
    expect(created.status).toBe(201);
    const ingest = await api.postJson<{ accepted: number; errors: { path: string; code: string }[] }>(
      '/v1/datasets/orders/records',
      [
        { sku: 'A-1', quantity: 2, paid: true },
        { sku: 'A-2', quantity: 1.5 },
        { sku: 'A-3', quantity: 1, extra: 'x' },
      ],
    );
    expect(ingest.status).toBe(202);
    expect(ingest.body.accepted).toBe(1);
    expect(ingest.body.errors.map((e) => [e.path, e.code])).toEqual([
      ['[1].quantity', 'TYPE_MISMATCH'],
      ['[2].extra', 'UNKNOWN_FIELD'],
    ]);
  });

  it('answers 400 with field paths for an invalid definition and 409 for the built-in name', async () => {
    const invalid = await api.postJson<ErrorBody>('/v1/datasets', {
      name: 'Bad Name',
      fields: [{ name: 'a', type: 'date' }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details?.map((d) => d.path)).toEqual(
      expect.arrayContaining(['name', 'fields[0].type']),
    );
    const builtIn = await api.postJson<ErrorBody>('/v1/datasets', {
      name: 'events',
      fields: [{ name: 'a', type: 'string' }],
    });
    expect([builtIn.status, builtIn.body.error.code]).toEqual([409, 'DATASET_BUILT_IN']);
  });
});

describe('query errors', () => {
  it.each([
    ['a write', 'DELETE FROM events', 'SQL_NOT_READ_ONLY'],
    ['two statements', 'SELECT 1; SELECT 2', 'SQL_MULTIPLE_STATEMENTS'],
    ['a file read', "SELECT * FROM read_parquet('/etc/passwd')", 'SQL_FORBIDDEN_FUNCTION'],
  ])('answers 400 for %s', async (_, sql, code) => {
    const response = await api.postJson<ErrorBody>('/v1/queries', { sql });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.details?.[0]?.path).toBe('sql');
  });

  it("hides one tenant's query from another (404)", async () => {
    const started = await api.postJson<{ queryId: string }>('/v1/queries', {
      sql: 'SELECT count(*) FROM events',
    });
    const { tenantId } = await directory.createTenant('Other');
    const key = await directory.createApiKey(tenantId, 'other', ['query']);
    const other = await new ApiClient(platform.apiUrl, key.apiKey).request<ErrorBody>(
      'GET',
      `/v1/queries/${started.body.queryId}`,
    );
    expect([other.status, other.body.error.code]).toEqual([404, 'QUERY_NOT_FOUND']);
  });

  it('answers 400 for a missing sql field, naming it', async () => {
    const response = await api.postJson<ErrorBody>('/v1/queries', { query: 'SELECT 1' });
    expect(response.status).toBe(400);
    expect(response.body.error.details?.map((d) => d.path)).toContain('sql');
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it without the secret, revokes it, and audits both', async () => {
    const created = await api.postJson<{ keyId: string; apiKey: string }>('/v1/api-keys', {
      name: 'ci pipeline',
      scopes: ['ingest'],
    });
    expect(created.status).toBe(201);
    const newKey = new ApiClient(platform.apiUrl, created.body.apiKey);
    expect((await newKey.postJson('/v1/events', sampleEvent(500))).status).toBe(202);

    const listed = await api.request<{ items: { keyId: string; displayPrefix: string }[] }>(
      'GET',
      '/v1/api-keys',
    );
    expect(JSON.stringify(listed.body)).not.toContain(created.body.apiKey);
    expect(listed.body.items.map((k) => k.keyId)).toContain(created.body.keyId);

    expect((await api.request('DELETE', `/v1/api-keys/${created.body.keyId}`)).status).toBe(204);
    expect((await newKey.postJson('/v1/events', sampleEvent(501))).status).toBe(401);
    expect((await api.request<ErrorBody>('DELETE', `/v1/api-keys/${created.body.keyId}`)).status).toBe(404);

    const audit = await pool.query('SELECT action FROM audit_log WHERE target = $1 ORDER BY id', [
      created.body.keyId,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['api-key.created', 'api-key.revoked']);
  });

  it('answers 400 naming the field for an invalid key request', async () => {
    const response = await api.postJson<ErrorBody>('/v1/api-keys', { name: '', scopes: ['root'] });
    expect(response.status).toBe(400);
    expect(response.body.error.details?.map((d) => d.path)).toEqual(
      expect.arrayContaining(['name', 'scopes[0]']),
    );
  });
});
