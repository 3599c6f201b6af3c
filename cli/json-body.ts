/** Request bodies the CLI sends: a value as JSON, or a JSON file sent as it is (the API validates it). */
import { readFile } from 'node:fs/promises';
import { UserError } from './profiles';

export interface JsonBody {
  readonly data: string;
  readonly contentType: 'application/json';
}

export const jsonBody = (value: unknown): JsonBody => ({
  data: JSON.stringify(value),
  contentType: 'application/json',
});

/** The `--file` of a create command; `usage` is the message when the flag is missing. */
export async function jsonBodyFile(file: string | undefined, usage: string): Promise<JsonBody> {
  if (!file) throw new UserError(usage, 2);
  const data = await readFile(file, 'utf8').catch((error: Error) => {
    throw new UserError(`cannot read ${file}: ${error.message}`);
  });
  return { data, contentType: 'application/json' };
}
