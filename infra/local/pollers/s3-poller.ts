/** Turns s3rver's object-created notices into Lambda S3Events for functions with an `s3` event source. */
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { EventSourceSpec, FunctionSpec } from '../../../shared/topology';
import type { LambdaHandler } from '../lambda-runtime';
import { consoleLog, type LogSink } from '../log';
import { bucketNames, localRegion } from '../resources';
import type { ObjectCreatedNotice } from '../stand-ins/protocol';
import { invokeAsync } from './async-invoke';

export type S3EventSource = Extract<EventSourceSpec, { kind: 's3' }>;

export interface S3PollerOptions {
  readonly spec: FunctionSpec;
  readonly source: S3EventSource;
  readonly handler: LambdaHandler;
  /** Where object-created notices come from (StandIns.onObjectCreated). */
  readonly subscribe: (listener: (notice: ObjectCreatedNotice) => void) => () => void;
  readonly dataDir: string;
  readonly log?: LogSink;
  /** @default 2 */
  readonly retries?: number | undefined;
  /** @default 1000 */
  readonly retryDelayMs?: number | undefined;
}

export interface S3Poller {
  /** Resolves once every event received so far has been handled (or dead-lettered). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** S3 notifications carry form-style URL-encoded keys: `/` kept, spaces as `+`. */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export function s3Event(notice: ObjectCreatedNotice): S3Event {
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: localRegion,
    eventTime: notice.eventTime,
    eventName: notice.eventName,
    userIdentity: { principalId: 'AWS:NEXUSLOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': notice.sequencer, 'x-amz-id-2': notice.sequencer },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'nexus-local',
      bucket: {
        name: notice.bucket,
        ownerIdentity: { principalId: 'NEXUSLOCAL' },
        arn: `arn:aws:s3:::${notice.bucket}`,
      },
      object: {
        key: encodeEventKey(notice.key),
        size: notice.size,
        eTag: notice.eTag,
        sequencer: notice.sequencer,
      },
    },
  };
  return { Records: [record] };
}

export function startS3Poller(options: S3PollerOptions): S3Poller {
  const log = options.log ?? consoleLog(options.spec.name);
  const bucket = bucketNames[options.source.bucket];
  const abort = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const unsubscribe = options.subscribe((notice) => {
    if (notice.bucket !== bucket || !notice.key.startsWith(options.source.prefix)) return;
    // Like S3 → Lambda (asynchronous invocation): one event per object, handled concurrently.
    const invocation = invokeAsync(
      {
        spec: options.spec,
        handler: options.handler,
        dataDir: options.dataDir,
        log,
        retries: options.retries,
        retryDelayMs: options.retryDelayMs,
        signal: abort.signal,
      },
      s3Event(notice),
    ).finally(() => inFlight.delete(invocation));
    inFlight.add(invocation);
  });
  log(`watching s3://${bucket}/${options.source.prefix}`);
  const idle = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  return {
    idle,
    async stop() {
      unsubscribe();
      abort.abort();
      await idle();
    },
  };
}
