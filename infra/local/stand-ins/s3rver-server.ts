/** Runs s3rver (the S3 stand-in) with Nexus's buckets and reports object-created events to a callback. */
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';
import { bucketNames } from '../resources';
import type { ObjectCreatedNotice } from './protocol';
import type { RunningServer } from './running-server';

export async function runS3rver(
  port: number,
  host: string,
  dir: string,
  onObjectCreated: (notice: ObjectCreatedNotice) => void,
): Promise<RunningServer> {
  await mkdir(dir, { recursive: true });
  const s3 = new S3rver({
    address: host,
    port,
    directory: dir,
    silent: true,
    configureBuckets: Object.values(bucketNames).map((name) => ({ name })),
  });
  // S3 bucket notifications are not emulated by s3rver; its in-process `event` channel is.
  s3.on('event', (event: import('s3rver').S3rverEvent) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      onObjectCreated({
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size ?? 0,
        eTag: record.s3.object.eTag ?? '',
        sequencer: record.s3.object.sequencer,
        eventName: record.eventName,
        eventTime: record.eventTime,
      });
    }
  });
  await s3.run();
  return {
    close: async () => {
      s3.httpServer?.closeAllConnections();
      await s3.close();
    },
  };
}
