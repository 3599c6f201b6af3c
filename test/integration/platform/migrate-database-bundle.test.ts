/**
 * The deployable artifact of the migrate-database function: bundled with PlatformFunction's
 * esbuild settings, its topology `bundledDirs` copied beside the bundle, then invoked on an
 * empty database. Proves the Lambda finds its SQL files and leaves a schema the adapters use.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, repoRoot } from '../../../infra/constructs/bundling';
import { EnvNames } from '../../../shared/runtime/env-names';
import { functionNamed } from '../../../shared/topology';
import { startTestStack, type TestStack } from '../../support/stand-ins';

const spec = functionNamed('migrate-database');
let stack: TestStack;
let outDir: string;
let databaseUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  const admin = new pg.Client({ connectionString: stack.standIns.databaseUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE migrate_probe');
  await admin.end();
  const url = new URL(stack.standIns.databaseUrl);
  url.pathname = '/migrate_probe';
  databaseUrl = url.toString();

  outDir = mkdtempSync(join(tmpdir(), 'nexus-migrate-bundle-'));
  await build({ ...esbuildOptions(spec.entry, 'bundled'), outfile: join(outDir, 'index.mjs') });
  for (const dir of spec.bundledDirs ?? [])
    cpSync(join(repoRoot, dir), join(outDir, basename(dir)), { recursive: true });
  // The bundle is loaded from a directory with no node_modules, as in Lambda.
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('migrate-database (bundled as deployed)', () => {
  it('applies every migration to an empty database, then nothing on a second run', async () => {
    const saved = process.env[EnvNames.databaseUrl];
    process.env[EnvNames.databaseUrl] = databaseUrl;
    try {
      const { handler } = (await import(pathToFileURL(join(outDir, 'index.mjs')).href)) as {
        handler: () => Promise<{ applied: string[] }>;
      };
      const first = await handler();
      expect(first.applied.length).toBeGreaterThanOrEqual(2);
      expect(first.applied[0]).toMatch(/tenancy-and-catalog/);
      const second = await handler();
      expect(second.applied).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env[EnvNames.databaseUrl];
      else process.env[EnvNames.databaseUrl] = saved;
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await client.end();
    const names = tables.rows.map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(['tenants', 'api_keys', 'models', 'model_versions']));
  }, 60_000);
});
