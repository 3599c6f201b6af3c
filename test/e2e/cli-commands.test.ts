/**
 * The `nexus` commands beyond ingest and query, against the local platform: a presigned upload
 * waited to its result, operator tenant commands (refused for a tenant key), metrics, reports and
 * alerts, and `--help` per command.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

const run = promisify(execFile);
let e2e: E2ePlatform | undefined;
let dir = '';

beforeAll(async () => {
  e2e = await startE2ePlatform('cli-commands');
  dir = await mkdtemp(join(tmpdir(), 'nexus-cli-commands-'));
}, 180_000);
afterAll(async () => {
  await e2e?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI with the API URL and a key from the environment (no profile file). */
async function nexus(key: 'tenant' | 'operator', ...args: string[]) {
  const platform = e2e?.platform;
  if (!platform) throw new Error('no platform');
  const env = {
    ...process.env,
    NEXUS_CONFIG_FILE: join(dir, 'profiles.json'),
    NEXUS_API_URL: platform.apiUrl,
    NEXUS_API_KEY: key === 'tenant' ? platform.apiKey : platform.operatorKey,
  };
  try {
    const { stdout, stderr } = await run('node', ['bin/nexus.mjs', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('nexus CLI commands', () => {
  it('uploads a file through a presigned PUT and waits for its ingest result', async () => {
    const file = join(dir, 'events.ndjson');
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      JSON.stringify({ name: 'page_view', userId: `u${i}`, timestamp: '2026-12-01T10:00:00Z' }),
    );
    await writeFile(file, `${lines.join('\n')}\n`);

    const result = await nexus('tenant', 'upload', file, '--dataset', 'events');

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'processed', accepted: 2_000, rejected: 0 });
    expect(result.stderr).toMatch(/uploaded \d+ bytes as /);
  }, 120_000);

  it('creates and lists tenants with the operator key, and refuses a tenant key', async () => {
    const created = await nexus(
      'operator',
      'tenants',
      'create',
      '--name',
      'Acme',
      '--contact-email',
      'ops@acme.example',
    );
    const listed = await nexus('operator', 'tenants', 'list');
    const refused = await nexus('tenant', 'tenants', 'list');

    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      tenantId: expect.any(String),
      apiKey: expect.any(String),
    });
    expect(listed.stdout).toContain('"Acme"');
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/^nexus: 403 /)]);
  }, 60_000);

  it('lists metrics and reports an unknown metric’s series as an API error', async () => {
    const list = await nexus('tenant', 'metrics', 'list');
    const unknown = await nexus('tenant', 'metrics', 'series', '00000000-0000-4000-8000-000000000000');
    const usage = await nexus('tenant', 'metrics', 'frobnicate');
    const definition = join(dir, 'metric.json');
    await writeFile(
      definition,
      JSON.stringify({ name: 'CLI views', dataset: 'events', aggregation: 'count' }),
    );
    const created = await nexus('tenant', 'metrics', 'create', '--file', definition);
    const after = await nexus('tenant', 'metrics', 'list');

    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(expect.any(Object));
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/^nexus: 404 /)]);
    expect(usage.code).toBe(2);
    expect(created.code, created.stderr).toBe(0);
    const { metricId } = JSON.parse(created.stdout) as { metricId: string };
    expect(after.stdout).toContain(metricId);
  }, 60_000);

  it('creates, lists, shows and deletes a report, and mutes nothing it cannot find', async () => {
    const body = join(dir, 'report.json');
    await writeFile(
      body,
      JSON.stringify({
        name: 'CLI weekly',
        schedule: { cron: '0 8 * * 1', timezone: 'Europe/Paris' },
        recipients: ['team@example.com'],
        contents: [{ type: 'query', sql: 'SELECT count(*) AS n FROM events' }],
      }),
    );

    const created = await nexus('tenant', 'reports', 'create', '--file', body);
    expect(created.code, created.stderr).toBe(0);
    const { reportId } = JSON.parse(created.stdout) as { reportId: string };
    const listed = await nexus('tenant', 'reports', 'list');
    const shown = await nexus('tenant', 'reports', 'show', reportId);
    const runs = await nexus('tenant', 'reports', 'runs', reportId);
    const deleted = await nexus('tenant', 'reports', 'delete', reportId);
    const gone = await nexus('tenant', 'reports', 'show', reportId);
    const alerts = await nexus('tenant', 'alerts', 'list');
    const unknownAlert = await nexus('tenant', 'alerts', 'mute', '00000000-0000-4000-8000-000000000000');
    const noFile = await nexus('tenant', 'alerts', 'create');
    const badAction = await nexus('tenant', 'reports', 'frobnicate');

    expect(listed.stdout).toContain(reportId);
    expect(JSON.parse(shown.stdout)).toMatchObject({ reportId, name: 'CLI weekly' });
    expect(JSON.parse(runs.stdout)).toEqual(expect.any(Object));
    expect([deleted.code, gone.code, gone.stderr]).toEqual([0, 1, expect.stringMatching(/^nexus: 404 /)]);
    expect(JSON.parse(alerts.stdout)).toEqual({ items: expect.any(Array) });
    expect([unknownAlert.code, unknownAlert.stderr]).toEqual([1, expect.stringMatching(/^nexus: 404 /)]);
    expect([noFile.code, badAction.code]).toEqual([2, 2]);
    expect(badAction.stderr).toContain('list, show, create, delete, runs, send');
  }, 120_000);

  it('prints each command’s own help', async () => {
    for (const command of ['upload', 'tenants', 'metrics', 'query', 'alerts', 'reports']) {
      const viaFlag = await nexus('tenant', command, '--help');
      const viaHelp = await nexus('tenant', 'help', command);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: nexus ${command}`));
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
    }
  }, 60_000);
});
