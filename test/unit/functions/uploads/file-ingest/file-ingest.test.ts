import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Event } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFileIngestHandler } from '../../../../../functions/uploads/file-ingest/file-ingest';
import { resultKey, uploadKey } from '../../../../../shared/domain/uploads/upload-key';
import { encodeEvents, sampleEvent } from '../../../../support/event-bodies';
import { lambdaContext, TENANT_A } from '../../../../support/events';
import { InMemoryDatasetCatalog } from '../../../../support/twins/in-memory-dataset-catalog';
import { InMemoryObjectStore } from '../../../../support/twins/in-memory-object-store';
import { RecordingEventSink } from '../../../../support/twins/recording-event-sink';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const BUCKET = 'nexus-upload';
const UPLOAD = '6c0e5f1a-1c2b-4d3e-8f90-123456789abc';

/** An S3 event as S3 sends it: the key form-encoded. */
function s3Event(key: string): S3Event {
  const encoded = key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%20/g, '+'))
    .join('/');
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-1',
        eventTime: '2026-11-27T10:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'x' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'r' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'c',
          bucket: { name: BUCKET, ownerIdentity: { principalId: 'x' }, arn: `arn:aws:s3:::${BUCKET}` },
          object: { key: encoded, size: 1, eTag: 'e', sequencer: '1' },
        },
      },
    ],
  };
}

describe('file-ingest handler', () => {
  let objects: InMemoryObjectStore;
  let sink: RecordingEventSink;
  let handler: ReturnType<typeof makeFileIngestHandler>;

  beforeEach(() => {
    objects = new InMemoryObjectStore();
    sink = new RecordingEventSink();
    const catalog = new InMemoryDatasetCatalog();
    handler = makeFileIngestHandler({
      objects,
      sink,
      findDataset: (t, n) => catalog.find(t, n),
      now: () => new Date('2026-11-27T10:00:00.000Z'),
      chargeEvents: async () => {},
      logger,
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    });
  });

  it('decodes the event key, ingests the file and writes its result', async () => {
    const key = uploadKey({
      tenantId: TENANT_A,
      dataset: 'events',
      uploadId: UPLOAD,
      format: 'csv',
      gzip: false,
    });
    await objects.put(BUCKET, key, encodeEvents([sampleEvent(1), sampleEvent(2)], 'csv'), 'text/csv');

    await handler(s3Event(key), lambdaContext());

    expect(sink.records()).toHaveLength(2);
    expect(JSON.parse(objects.text(BUCKET, resultKey(TENANT_A, UPLOAD)) ?? '{}')).toMatchObject({
      status: 'processed',
      accepted: 2,
    });
  });

  it('rethrows a stream failure so the invocation is retried', async () => {
    const key = uploadKey({
      tenantId: TENANT_A,
      dataset: 'events',
      uploadId: UPLOAD,
      format: 'ndjson',
      gzip: false,
    });
    await objects.put(BUCKET, key, encodeEvents([sampleEvent(1)], 'ndjson'), 'application/x-ndjson');
    sink.failWith = new Error('stream down');
    await expect(handler(s3Event(key), lambdaContext())).rejects.toThrow('stream down');
  });

  it('ignores an object outside the upload key layout', async () => {
    await objects.put(BUCKET, 'uploads/some file.csv', 'a\n1\n', 'text/csv');
    await handler(s3Event('uploads/some file.csv'), lambdaContext());
    expect(sink.published).toEqual([]);
    expect(objects.keys(BUCKET)).toEqual(['uploads/some file.csv']);
  });
});
