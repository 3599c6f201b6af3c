/**
 * A dataset schema change on real Postgres: visible at once in the container (Runtime) that
 * registered it, and in another container at once for records only the new version accepts;
 * records valid under both keep the cached version for at most the cache's 30 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../../shared/domain/ingestion/ingest-records';
import { unpackEnvelope } from '../../../shared/domain/ingestion/stream-envelope';
import type { EventSink, StreamEnvelope } from '../../../shared/ports/event-sink';
import {
  datasetLookup,
  registeringDatasetCatalog,
  tenantDirectory,
} from '../../../shared/runtime/metadata-stores';
import { Runtime } from '../../../shared/runtime/runtime';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';

let stack: ContractStack;
let other: Runtime;
let tenant: string;
const published: StreamEnvelope[] = [];
const sink: EventSink = {
  publish: async (envelopes) => {
    published.push(...envelopes);
  },
};
const fields = [
  { name: 'sku', type: 'string', required: true },
  { name: 'qty', type: 'integer', required: true },
] as const;

beforeAll(async () => {
  stack = await startContractStack(['postgres']);
  other = new Runtime(stack.env);
  ({ tenantId: tenant } = await tenantDirectory(stack.runtime).createTenant('schema visibility'));
}, 120_000);
afterAll(async () => {
  await other?.pool.end();
  await stack?.stop();
});

describe('dataset schema changes', () => {
  it('reach the registering container at once, and another container for records that need them', async () => {
    // Arrange: both containers have cached version 1.
    const registering = registeringDatasetCatalog(stack.runtime);
    await registering.register(tenant, 'orders', [...fields], undefined);
    const here = datasetLookup(stack.runtime);
    const there = datasetLookup(other);
    expect([(await here(tenant, 'orders'))?.version, (await there(tenant, 'orders'))?.version]).toEqual([
      1, 1,
    ]);

    // Act: version 2 adds `coupon`.
    await registering.register(
      tenant,
      'orders',
      [...fields, { name: 'coupon', type: 'string', required: false }],
      undefined,
    );
    const body = new TextEncoder().encode(JSON.stringify([{ sku: 'A', qty: 1, coupon: 'XMAS' }]));
    const result = await ingestRecords(
      { tenantId: tenant, dataset: 'orders', body, contentType: 'application/json' },
      { findDataset: there, sink, now: () => new Date(), chargeEvents: async () => {} },
    );

    // Assert
    expect((await here(tenant, 'orders'))?.version).toBe(2);
    expect(result.accepted).toBe(1);
    expect(published.flatMap((e) => unpackEnvelope(e.data)).map((r) => r.schemaVersion)).toEqual([2]);
  });
});
