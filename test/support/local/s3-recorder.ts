/** Test S3 consumer: appends each S3Event it gets as a JSON line to $NEXUS_TEST_S3_FILE. */
import { appendFile } from 'node:fs/promises';
import type { S3Event } from 'aws-lambda';

export async function handler(event: S3Event): Promise<void> {
  const file = process.env.NEXUS_TEST_S3_FILE;
  if (!file) throw new Error('NEXUS_TEST_S3_FILE is not set');
  await appendFile(file, `${JSON.stringify(event)}\n`);
}
