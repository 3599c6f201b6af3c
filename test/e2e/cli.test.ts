/**
 * The `nexus` command line against the local platform, as a user runs it: login writes a 0600
 * profile, a 100,000-row CSV is ingested with progress lines (stderr is not a terminal here),
 * query prints what was stored, tail prints new records, and a user error exits 2 without a stack.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';
import { streamDrained } from '../support/local/stream-drained';
import { waitFor } from '../support/local/wait';

const run = promisify(execFile);
let e2e: E2ePlatform | undefined;
let dir = '';

beforeAll(async () => {
  e2e = await startE2ePlatform('cli');
  dir = await mkdtemp(join(tmpdir(), 'nexus-cli-'));
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function nexus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/nexus.mjs', ...args], {
      env: { ...process.env, NEXUS_CONFIG_FILE: join(dir, 'profiles.json'), NEXUS_TAIL_ONCE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const rows = 100_000;

describe('nexus CLI', () => {
  it('logs in, ingests 100,000 CSV rows with progress, queries them and tails', async () => {
    const platform = e2e?.platform;
    if (!platform) throw new Error('platform not started');
    const login = await nexus(
      'login',
      '--api-url',
      platform.apiUrl,
      '--key',
      platform.apiKey,
      '--profile',
      'local',
    );
    expect(login.code, login.stderr).toBe(0);
    expect((await stat(join(dir, 'profiles.json'))).mode & 0o777).toBe(0o600);

    const csv = ['eventId,name,timestamp,userId']
      .concat(
        Array.from(
          { length: rows },
          (_, i) => `cli-${i},${i % 10 === 0 ? '' : 'page_view'},2026-11-25T10:00:00Z,u${i % 97}`,
        ),
      )
      .join('\n');
    await writeFile(join(dir, 'events.csv'), csv);
    const ingest = await nexus('ingest', join(dir, 'events.csv'), '--profile', 'local');
    expect(ingest.code, ingest.stderr).toBe(0);
    const progress = ingest.stderr.trim().split('\n');
    expect(progress.length).toBe(rows / 1000);
    expect(progress.at(-1)).toMatch(
      /^100000\/100000 records {2}\d+ records\/s {2}accepted 90000 {2}rejected 10000 {2}ETA 0s$/,
    );
    expect(progress.join('\n')).not.toContain('\r');
    expect(JSON.parse(ingest.stdout)).toEqual({ accepted: 90_000, rejected: 10_000 });

    await waitFor(() => streamDrained(platform, 'lake-writer'), 180_000, 'the lake writer to drain');
    const query = await nexus(
      'query',
      "SELECT count(*) AS n FROM events WHERE eventId LIKE 'cli-%'",
      '--format',
      'csv',
      '--profile',
      'local',
    );
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toBe('n\n90000\n');

    const tail = await nexus('tail', 'events', '--profile', 'local');
    expect(tail.code, tail.stderr).toBe(0);
    const tailed = tail.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string });
    expect(tailed.length).toBeGreaterThan(0);
    expect(tailed[0]?.name).toBe('page_view');
  }, 600_000);

  it('answers user errors with a message and exit status 2, never a stack trace', async () => {
    for (const args of [['--bogus'], ['frobnicate'], ['query'], ['query', 'SELECT 1', '--format', 'xml']]) {
      const result = await nexus(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^nexus: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const missing = await nexus('query', 'SELECT 1', '--profile', 'nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nexus login');
  });
});
