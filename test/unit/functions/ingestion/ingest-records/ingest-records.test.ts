import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { makeIngestRecordsHandler } from '../../../../../functions/ingestion/ingest-records/ingest-records';
import type { DatasetSchema } from '../../../../../shared/domain/catalog/dataset-schema';
import { apiEvent, lambdaContext } from '../../../../support/events';

const orders: DatasetSchema = {
  dataset: 'orders',
  version: 1,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'qty', type: 'integer', required: true },
  ],
};

function setup() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'nexus-test', serviceName: 'ingest-records' });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const handler = makeIngestRecordsHandler({
    findDataset: async () => ({ ...orders, builtIn: false, updatedAt: '2026-03-04T00:00:00.000Z' }),
    sink: { publish: async () => {} },
    now: () => new Date('2026-03-04T05:06:07.000Z'),
    chargeEvents: async () => {},
    logger,
    metrics,
  });
  return { handler, info: vi.spyOn(logger, 'info'), debug: vi.spyOn(logger, 'debug') };
}

const post = (body: unknown) =>
  apiEvent({
    method: 'POST',
    path: '/v1/datasets/orders/records',
    resource: '/v1/datasets/{name}/records',
    body,
    pathParameters: { name: 'orders' },
  });

describe('ingest-records handler', () => {
  it('logs a request whose records were all accepted at DEBUG only: the metrics and access log carry it', async () => {
    const { handler, info, debug } = setup();

    const response = await handler(post([{ qty: 1 }, { qty: 2 }]), lambdaContext());

    expect(response.statusCode).toBe(202);
    expect(info.mock.calls.filter(([message]) => message === 'records ingested')).toEqual([]);
    expect(debug).toHaveBeenCalledWith('records ingested', { dataset: 'orders', accepted: 2, rejected: 0 });
  });

  it('logs a request with rejected records at INFO, for the support case', async () => {
    const { handler, info } = setup();

    const response = await handler(post([{ qty: 1 }, { qty: 'many' }]), lambdaContext());

    expect(response.statusCode).toBe(202);
    expect(info).toHaveBeenCalledWith('records ingested', { dataset: 'orders', accepted: 1, rejected: 1 });
  });
});
