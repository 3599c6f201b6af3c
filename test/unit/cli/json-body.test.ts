import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonBody, jsonBodyFile } from '../../../cli/json-body';
import { UserError } from '../../../cli/profiles';

const dir = mkdtempSync(join(tmpdir(), 'nexus-json-body-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI request bodies', () => {
  it('sends a value as JSON without its undefined keys', () => {
    expect(jsonBody({ name: 'a', contactEmail: undefined })).toEqual({
      data: '{"name":"a"}',
      contentType: 'application/json',
    });
  });

  it('sends a --file as it is, for the API to validate', async () => {
    const file = join(dir, 'metric.json');
    writeFileSync(file, '{"name": "orders"}');
    expect(await jsonBodyFile(file, 'usage')).toEqual({
      data: '{"name": "orders"}',
      contentType: 'application/json',
    });
  });

  it('answers a missing flag with the usage (exit 2) and an unreadable file with its path', async () => {
    await expect(jsonBodyFile(undefined, 'metrics create needs --file <metric.json>')).rejects.toMatchObject({
      message: 'metrics create needs --file <metric.json>',
      exitCode: 2,
    });
    const missing = join(dir, 'nope.json');
    const error = await jsonBodyFile(missing, 'usage').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(`cannot read ${missing}`);
  });
});
