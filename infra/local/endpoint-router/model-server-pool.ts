/**
 * Starts model server processes on demand, one per model version, and keeps at most `maxServers`
 * of them (each is ~95 MB): starting one more stops the least recently used idle one, which
 * starts again on its next request.
 */
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

/** How many model server processes run at once unless the router is told otherwise. */
export const defaultMaxModelServers = 4;

export interface ModelServerPoolOptions {
  /** Live model server processes at most; least recently used idle ones stop first. @default 4 */
  readonly maxServers?: number | undefined;
  /** @default 30000 */
  readonly startTimeoutMs?: number | undefined;
}

export class ModelServerPool {
  /** By model key, in least-recently-used-first order (a use moves a key to the end). */
  private readonly servers = new Map<string, Promise<RunningModelServer>>();
  private readonly childOf = new Map<string, ChildProcess>();
  /** Requests in flight per model key: a busy server is never the one stopped. */
  private readonly inFlight = new Map<string, number>();
  private readonly children = new Set<ChildProcess>();
  private stopped = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: LogSink,
    private readonly options: ModelServerPoolOptions = {},
  ) {}

  private get maxServers(): number {
    return Math.max(1, this.options.maxServers ?? defaultMaxModelServers);
  }

  /** Runs `use` on the server for `model` (started on demand), which is not stopped meanwhile. */
  async withServer<T>(model: ServedModel, use: (server: RunningModelServer) => Promise<T>): Promise<T> {
    const key = keyOf(model);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    try {
      return await use(await this.serverFor(model));
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
      this.evictOverCap();
    }
  }

  /** The server for `model`, started on first use; a server that exited or was stopped is started again. */
  serverFor(model: ServedModel): Promise<RunningModelServer> {
    if (this.stopped) return Promise.reject(new Error('the endpoint router is stopped'));
    const key = keyOf(model);
    let server = this.servers.get(key);
    if (server) {
      // Most recently used last.
      this.servers.delete(key);
      this.servers.set(key, server);
      return server;
    }
    server = this.start(model);
    this.servers.set(key, server);
    server.catch(() => this.servers.delete(key));
    this.evictOverCap();
    return server;
  }

  /** Stops least recently used idle servers while more than the cap are live. */
  private evictOverCap(): void {
    for (const key of this.servers.keys()) {
      if (this.servers.size <= this.maxServers) return;
      const child = this.childOf.get(key);
      // A server still starting, or serving a request, stays; the cap is restored when it is released.
      if (!child || this.inFlight.has(key)) continue;
      this.servers.delete(key);
      this.childOf.delete(key);
      this.log(`model server ${key} stopped: more than ${this.maxServers} were live (least recently used)`);
      void terminate(child, 3_000);
    }
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
    const key = keyOf(model);
    pipeLines(child.stdout, this.log, `[${key}]`);
    pipeLines(child.stderr, this.log, `[${key}]`);
    void exitOf(child).then((code) => {
      live.delete(child);
      this.children.delete(child);
      // Only if this child still serves the key: an evicted one may have been replaced already.
      if (this.childOf.get(key) === child) {
        this.childOf.delete(key);
        this.servers.delete(key);
      }
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
        this.options.startTimeoutMs ?? 30_000,
        `model server ${key}`,
      );
      const url = `http://${localHost}:${port}`;
      const ping = await fetch(`${url}/ping`);
      if (!ping.ok) throw new Error(`model server ${key} answered /ping with ${ping.status}`);
      this.log(`model server ${key} ready on ${url} (pid ${child.pid})`);
      this.childOf.set(key, child);
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
    this.childOf.clear();
  }

  /** Model server processes alive now (started and not yet exited). */
  liveProcesses(): number {
    return this.children.size;
  }
}

function keyOf(model: ServedModel): string {
  return `${model.name}@${model.version}`;
}
