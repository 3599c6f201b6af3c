/** Starts every stand-in on free ports in a temp dir, migrated, with a Runtime wired to them. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localEnvironment } from '../../infra/local/environment';
import { silentLog } from '../../infra/local/log';
import { type StandIns, startStandIns } from '../../infra/local/stand-ins/start-stand-ins';
import { runMigrations } from '../../shared/adapters/postgres/migrations';
import { Runtime } from '../../shared/runtime/runtime';

export interface TestStack {
  readonly standIns: StandIns;
  readonly env: Record<string, string>;
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'nexus-it-'));
  const standIns = await startStandIns({
    dataDir,
    ports: { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 },
    log: silentLog,
  });
  await runMigrations(standIns.databaseUrl);
  const env = localEnvironment(standIns, { logLevel: 'WARN' });
  // The SDK's default credential chain reads the process environment.
  Object.assign(process.env, env);
  const runtime = new Runtime(env);
  return {
    standIns,
    env,
    runtime,
    async stop() {
      await runtime.pool.end();
      await standIns.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
