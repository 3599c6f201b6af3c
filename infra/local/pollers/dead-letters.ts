/** The local on-failure destination: batches a function gave up on, appended as JSON lines under the data dir. */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** `<dataDir>/dlq/<function>.ndjson`. */
export function deadLetterFile(dataDir: string, functionName: string): string {
  return path.join(dataDir, 'dlq', `${functionName}.ndjson`);
}

export async function appendDeadLetter(file: string, record: object): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`);
}

/** Reads every dead letter in a file (none when it does not exist yet). */
export async function readDeadLetters<T = unknown>(file: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
