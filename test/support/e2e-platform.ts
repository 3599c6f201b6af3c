/**
 * The whole local platform for one e2e file: free ports, its own temp data dir, short poller
 * waits and silent logs, plus an API client
 * holding the demo key.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '../../infra/local/log';
import {
  type LocalPlatform,
  type LocalPlatformOptions,
  startLocalPlatform,
} from '../../infra/local/platform';
import { ApiClient } from './api-client';

export interface E2ePlatform {
  readonly platform: LocalPlatform;
  readonly api: ApiClient;
  /** Stops the platform and deletes its data dir. */
  stop(): Promise<void>;
}

/** The platform on free ports in a fresh temporary directory named after `prefix`, logs silent. */
export async function startTempPlatform(
  prefix: string,
  options: Omit<LocalPlatformOptions, 'dataDir' | 'port' | 'standInPorts' | 'log'> = {},
): Promise<E2ePlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const platform = await startLocalPlatform({
    ...options,
    dataDir,
    port: 0,
    standInPorts: { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 },
    log: silentLog,
  });
  return {
    platform,
    api: new ApiClient(platform.apiUrl, platform.apiKey),
    async stop() {
      await platform.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function startE2ePlatform(name: string): Promise<E2ePlatform> {
  return startTempPlatform(`nexus-e2e-${name}`, {
    tuning: { idlePollMs: 100, batchingWindowMs: 200, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 },
  });
}
