import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { makeLakeWriterHandler } from '../../../../../functions/lake/lake-writer/lake-writer';
import type { DatasetSchema } from '../../../../../shared/domain/catalog/dataset-schema';
import { EventIdIndex } from '../../../../../shared/domain/lake/event-id-index';
import type { EnvelopeRecord } from '../../../../../shared/domain/lake/write-batch';
import { kinesisEvent, lambdaContext, TENANT_A } from '../../../../support/events';
import { InMemoryObjectStore } from '../../../../support/twins/in-memory-object-store';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const schema: DatasetSchema = {
  dataset: 'orders',
  version: 1,
  fields: [{ name: 'eventId', type: 'string', required: false }],
};
const record = (eventId: string, hour: string): EnvelopeRecord => ({
  tenantId: TENANT_A,
  dataset: 'orders',
  eventId,
  receivedAt: `2026-03-04T${hour}:00:00.000Z`,
  schemaVersion: 1,
  data: {},
});
const encode = (records: readonly EnvelopeRecord[] | string) =>
  new TextEncoder().encode(typeof records === 'string' ? records : JSON.stringify(records));

function setup() {
  const objects = new InMemoryObjectStore();
  const metrics = new Metrics({ namespace: 'nexus-test', serviceName: 'lake-writer' });
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const added = vi.spyOn(metrics, 'addMetric');
  const handler = makeLakeWriterHandler({
    unpack: (data) => JSON.parse(new TextDecoder().decode(data)) as EnvelopeRecord[],
    schemaOf: async () => schema,
    objects,
    eventIndex: new EventIdIndex(async () => []),
    rawBucket: 'raw',
    curatedBucket: 'curated',
    quarantineBucket: 'quarantine',
    logger,
    metrics,
  });
  return { objects, handler, added };
}

describe('lake-writer handler', () => {
  it('reports no failures when every record is written', async () => {
    // Arrange
    const { objects, handler } = setup();
    const event = kinesisEvent([
      { sequenceNumber: '100', data: encode([record('e1', '05')]) },
      { sequenceNumber: '101', data: encode('corrupt') },
    ]);

    // Act
    const response = await handler(event, lambdaContext());

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(objects.keys('curated').filter((k) => k.endsWith('.parquet'))).toHaveLength(1);
    expect(objects.keys('quarantine')).toHaveLength(2);
  });

  it('maps the failed sequence numbers to batchItemFailures', async () => {
    // Arrange
    const { objects, handler, added } = setup();
    objects.failPut = (bucket, key) => bucket === 'curated' && key.includes('/hour=06/');
    const event = kinesisEvent([
      { sequenceNumber: '100', data: encode([record('e1', '05')]) },
      { sequenceNumber: '101', data: encode([record('e2', '06')]) },
      { sequenceNumber: '102', data: encode([record('e3', '06')]) },
    ]);

    // Act
    const response = await handler(event, lambdaContext());

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }, { itemIdentifier: '102' }] });
    expect(added).toHaveBeenCalledWith('RecordsWritten', 'Count', 1);
    expect(added).toHaveBeenCalledWith('BatchItemFailures', 'Count', 2);
  });
});
