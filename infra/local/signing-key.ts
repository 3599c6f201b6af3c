/**
 * The local unsubscribe signing key: 32 random bytes made once per data directory and kept in
 * `<dataDir>/unsubscribe-signing-key` (mode 0600), so links in mail already sent keep working
 * after a restart. In AWS the key is a Secrets Manager secret instead.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function localSigningKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'unsubscribe-signing-key');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 43) return existing.trim();
  const key = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created it meanwhile: then theirs is the key.
  await writeFile(file, key, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  return (await readFile(file, 'utf8')).trim();
}
