/** Parent side of workers: spawns a function's pollers in a child process that tests can kill and restart. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type FunctionSpec, functionNamed } from '../../shared/topology';
import { exitOf, forkTypeScript, terminate, waitForMessage } from './child-process';
import { defaultDataDir } from './stand-ins/start-stand-ins';
import { isWorkerReady, type PollerTuning, type WorkerRequest } from './worker-protocol';

const workerEntry = fileURLToPath(new URL('./worker.ts', import.meta.url));

export interface WorkerOptions {
  /** The function to run; defaults to the topology's function called `name`. */
  readonly spec?: FunctionSpec;
  /** @default `.nexus` */
  readonly dataDir?: string | undefined;
  readonly tuning?: PollerTuning | undefined;
  /** @default 30000 */
  readonly readyTimeoutMs?: number;
}

export interface WorkerHandle {
  readonly name: string;
  /** The current process's pid. */
  readonly pid: number | undefined;
  /** Resolves when the current process exits, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once the current process's pollers are running. */
  readonly ready: Promise<void>;
  /** Sends a signal, e.g. SIGKILL to simulate a crashed Lambda mid-batch. */
  kill(signal?: NodeJS.Signals): void;
  /** Stops the current process if it still runs (gracefully), starts a fresh one and waits until it is ready. */
  restart(): Promise<void>;
  /** Stops gracefully: the in-flight batch finishes, then the process exits. */
  stop(): Promise<void>;
}

/**
 * Spawns the worker for `name` with `env` (the stand-ins' environment) on top of this process's.
 * Checkpoints persist under the data dir, so a restarted worker resumes after the last success.
 */
export function spawnWorker(
  name: string,
  env: Record<string, string>,
  options: WorkerOptions = {},
): WorkerHandle {
  const request: WorkerRequest = {
    spec: options.spec ?? functionNamed(name),
    dataDir: options.dataDir ?? defaultDataDir,
    tuning: options.tuning,
  };
  const start = (): { child: ChildProcess; ready: Promise<void> } => {
    const child = forkTypeScript(workerEntry, [JSON.stringify(request)], { env: { ...process.env, ...env } });
    const ready = waitForMessage(
      child,
      isWorkerReady,
      options.readyTimeoutMs ?? 30_000,
      `worker ${name}`,
    ).then(() => undefined);
    ready.catch(() => {}); // observed through the handle; never an unhandled rejection
    return { child, ready };
  };
  let current = start();
  return {
    name,
    get pid() {
      return current.child.pid;
    },
    get exited() {
      return exitOf(current.child);
    },
    get ready() {
      return current.ready;
    },
    kill(signal = 'SIGTERM') {
      current.child.kill(signal);
    },
    async restart() {
      await terminate(current.child);
      current = start();
      await current.ready;
    },
    stop: () => terminate(current.child),
  };
}
