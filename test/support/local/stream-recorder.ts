/** Test stream consumer: appends each record's payload as a line to $NEXUS_TEST_STREAM_FILE, slowly enough to be killed mid-stream. */
import { appendFile } from 'node:fs/promises';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const file = process.env.NEXUS_TEST_STREAM_FILE;
  if (!file) throw new Error('NEXUS_TEST_STREAM_FILE is not set');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const lines = event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString());
  await appendFile(file, `${lines.join('\n')}\n`);
  return { batchItemFailures: [] };
}
