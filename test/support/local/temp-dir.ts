/** Temporary data dirs for local-runtime tests, world-traversable so a root run's postgres user can enter. */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export async function makeTempDataDir(prefix = 'nexus-local-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

export async function removeTempDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every stand-in on a free port: tests never clash with `npm start` or each other. */
export const freeStandInPorts = { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 } as const;
