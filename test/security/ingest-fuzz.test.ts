/**
 * Property-based fuzzing of the ingest handler, in process: 10,000 generated bodies (valid,
 * half-valid and hostile records, in every accepted format, raw or gzipped, under real and
 * bogus content types) must never produce a 5xx, and every record the handler reports as
 * accepted must reach storage exactly once, checked at the end by one aggregate query.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyResult } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIngestRecordsHandler } from '../../functions/ingestion/ingest-records/ingest-records';
import { definedProps } from '../../shared/domain/defined-props';
import { unpackEnvelope } from '../../shared/domain/ingestion/stream-envelope';
import { apiEvent, lambdaContext, TENANT_A } from '../support/events';
import { InMemoryDatasetCatalog } from '../support/twins/in-memory-dataset-catalog';
import { RecordingEventSink } from '../support/twins/recording-event-sink';

/** 10,000 in CI (about a minute on two cores); the budget for the whole file is three minutes. */
const runs = 10_000;

// EMF lines for 10,000 invocations would bury the test output.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const sink = new RecordingEventSink();
const catalog = new InMemoryDatasetCatalog();
const handler = makeIngestRecordsHandler({
  findDataset: (tenantId, name) => catalog.find(tenantId, name),
  sink,
  now: () => new Date('2026-12-01T00:00:00.000Z'),
  // The quota's own tests are in rate-limits and the contract suite; here it must never refuse.
  chargeEvents: async () => {},
  logger: new Logger({ serviceName: 'fuzz', logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Fuzz', serviceName: 'fuzz' }),
});

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('__proto__', 'constructor', 'prototype', '\u0000', '\ud800', '9'.repeat(400)),
);
const properties = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')),
  fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), scalar)),
  { maxKeys: 6 },
);
const event = fc.record(
  {
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), scalar),
    eventId: fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), scalar),
    timestamp: fc.oneof(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      scalar,
    ),
    userId: fc.oneof(fc.string({ maxLength: 30 }), scalar),
    properties: fc.oneof(properties, scalar),
    originalTimestamp: fc.oneof(
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
  },
  { requiredKeys: [] },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/x-ndjson',
  'text/csv',
  'application/xml',
  'text/plain',
  'application/json; charset=utf-8',
  'multipart/form-data',
  '',
);

function encode(type: string, records: readonly Record<string, unknown>[]): string {
  if (type.includes('ndjson')) return records.map((r) => JSON.stringify(r)).join('\n');
  if (type.includes('csv')) {
    const header = ['name', 'eventId', 'timestamp', 'userId'];
    return [
      header.join(','),
      ...records.map((r) => header.map((h) => JSON.stringify(String(r[h] ?? ''))).join(',')),
    ].join('\n');
  }
  if (type.includes('xml')) {
    const xmlText = (v: unknown) => String(v).replace(/[<&>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<events>${records.map((r) => `<event><name>${xmlText(r.name)}</name><timestamp>${xmlText(r.timestamp)}</timestamp></event>`).join('')}</events>`;
  }
  return JSON.stringify(records);
}

const body = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(contentType, fc.array(event, { maxLength: 8 }))
      .map(([type, records]) => ({ type, text: encode(type, records) })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(contentType, fc.string({ maxLength: 300 })).map(([type, text]) => ({ type, text })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(contentType, fc.json({ maxDepth: 6 })).map(([type, text]) => ({ type, text })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(contentType, fc.integer({ min: 60, max: 5_000 })).map(([type, depth]) => ({
      type,
      text: `${'['.repeat(depth)}${']'.repeat(depth)}`,
    })),
  },
);

let accepted = 0;
let statuses = new Map<number, number>();
const workDir = mkdtemp(join(tmpdir(), 'nexus-fuzz-'));

afterAll(async () => {
  await rm(await workDir, { recursive: true, force: true });
});

describe('ingest handler under fuzzing', () => {
  it(`never answers 5xx and counts every accepted record (${runs} bodies)`, async () => {
    statuses = new Map();
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async ({ type, text }, gzip) => {
        const bytes = gzip ? gzipSync(text) : Buffer.from(text);
        const request = apiEvent({
          method: 'POST',
          path: '/v1/events',
          resource: '/v1/events',
          headers: definedProps({ 'content-type': type, 'content-encoding': gzip ? 'gzip' : undefined }),
        });
        const publishedBefore = sink.published.length;
        const response = (await handler(
          { ...request, body: bytes.toString('base64'), isBase64Encoded: true },
          lambdaContext(),
        )) as APIGatewayProxyResult;
        const stored = sink.published
          .slice(publishedBefore)
          .flat()
          .flatMap((e) => unpackEnvelope(e.data));
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        expect(response.statusCode).toBeLessThan(500);
        const parsed = JSON.parse(response.body) as { accepted?: number; error?: { code: string } };
        if (response.statusCode === 202) {
          accepted += parsed.accepted ?? 0;
          // This request's accepted records were stored once each: as many, none repeated.
          expect(stored).toHaveLength(parsed.accepted ?? -1);
          expect(new Set(stored.map((r) => r.eventId)).size).toBe(stored.length);
        } else {
          expect(parsed.error?.code).toEqual(expect.any(String));
          expect(stored).toHaveLength(0);
        }
      }),
      { numRuns: runs, seed: 20261202 },
    );
    // The generator reaches both outcomes, or the property proves little.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(runs / 10);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  }, 180_000);

  it('stored each accepted record exactly once (one aggregate query over the sink)', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const file = join(await workDir, 'stored.ndjson');
    await writeFile(
      file,
      sink
        .records()
        .map((r) => JSON.stringify({ eventId: r.eventId, tenantId: r.tenantId }))
        .join('\n'),
    );
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS n, count(*) FILTER (WHERE tenantId <> '${TENANT_A}') AS foreign FROM read_json('${file}', columns = {eventId: 'VARCHAR', tenantId: 'VARCHAR'})`,
    );
    const [n, foreign] = (reader.getRowsJson()[0] ?? []).map(Number);
    expect(accepted).toBeGreaterThan(0);
    expect(n).toBe(accepted);
    expect(foreign).toBe(0);
  });
});
