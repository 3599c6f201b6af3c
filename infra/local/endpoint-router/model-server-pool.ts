/** Starts model server processes on demand, one per model version, and keeps them until the router stops. */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exitOf, terminate, waitForMessage } from '../child-process';
import type { LogSink } from '../log';
import { localHost } from '../resources';

const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
/** The model server's entry: the very module the container image bundles. */
export const modelServerEntry = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../functions/model-server/main.ts',
);

/** The model version a model server process serves (its MODEL_NAME and MODEL_VERSION). */
export interface ServedModel {
  readonly name: string;
  readonly version: string;
}

export interface RunningModelServer {
  readonly model: ServedModel;
  readonly url: string;
  readonly pid: number | undefined;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Children also stop on IPC disconnect; this covers a parent that exits without stopping the router. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGTERM');
  });
}

/** Forwards a child's output line by line to the router's log, so tests can silence it. */
function pipeLines(stream: NodeJS.ReadableStream | null, log: LogSink, prefix: string): void {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') log(`${prefix} ${line}`);
  });
}

export class ModelServerPool {
  private readonly servers = new Map<string, Promise<RunningModelServer>>();
  private readonly children = new Set<ChildProcess>();
  private stopped = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: LogSink,
    private readonly startTimeoutMs = 30_000,
  ) {}

  /** The server for `model`, started on first use; a server that exited is started again. */
  serverFor(model: ServedModel): Promise<RunningModelServer> {
    if (this.stopped) return Promise.reject(new Error('the endpoint router is stopped'));
    const key = `${model.name}@${model.version}`;
    let server = this.servers.get(key);
    if (!server) {
      server = this.start(model);
      this.servers.set(key, server);
      server.catch(() => this.servers.delete(key));
    }
    return server;
  }

  /** Every server started so far (tests check which versions ran). */
  async running(): Promise<RunningModelServer[]> {
    const settled = await Promise.allSettled(this.servers.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  private async start(model: ServedModel): Promise<RunningModelServer> {
    installExitHook();
    const child = fork(modelServerEntry, ['serve'], {
      execArgv: ['--import', tsxLoader],
      env: { ...this.env, SAGEMAKER_BIND_TO_PORT: '0', MODEL_NAME: model.name, MODEL_VERSION: model.version },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    live.add(child);
    this.children.add(child);
    const key = `${model.name}@${model.version}`;
    pipeLines(child.stdout, this.log, `[${key}]`);
    pipeLines(child.stderr, this.log, `[${key}]`);
    void exitOf(child).then((code) => {
      live.delete(child);
      this.children.delete(child);
      this.servers.delete(key);
      if (!this.stopped) this.log(`model server ${key} exited (code ${code})`);
    });
    try {
      const port = await waitForMessage(
        child,
        (message) =>
          message !== null &&
          typeof message === 'object' &&
          'type' in message &&
          message.type === 'listening' &&
          'port' in message &&
          typeof message.port === 'number'
            ? message.port
            : undefined,
        this.startTimeoutMs,
        `model server ${key}`,
      );
      const url = `http://${localHost}:${port}`;
      const ping = await fetch(`${url}/ping`);
      if (!ping.ok) throw new Error(`model server ${key} answered /ping with ${ping.status}`);
      this.log(`model server ${key} ready on ${url} (pid ${child.pid})`);
      return { model, url, pid: child.pid };
    } catch (error) {
      await terminate(child, 1_000);
      throw error;
    }
  }

  /** Stops every model server; safe to call more than once. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.children].map((child) => terminate(child, 3_000)));
    this.servers.clear();
  }
}
