/** Forks TypeScript child processes (stand-in hosts, workers) and guarantees none outlives the parent. */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** tsx's ESM loader, resolved from this package so children work under tsx, vitest or plain node. */
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Last resort when the parent exits without stopping its children (process.exit, uncaught error):
 * SIGTERM them synchronously. Children also exit on IPC disconnect, which covers SIGKILL of the parent.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGTERM');
  });
}

export interface ForkOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. `--openssl-legacy-provider` for s3rver. */
  readonly nodeFlags?: readonly string[];
}

/** Forks `modulePath` (a .ts file) with an IPC channel, stdout/stderr inherited. */
export function forkTypeScript(
  modulePath: string,
  args: readonly string[],
  options: ForkOptions = {},
): ChildProcess {
  installExitHook();
  const child = fork(modulePath, [...args], {
    execArgv: ['--import', tsxLoader, ...(options.nodeFlags ?? [])],
    env: options.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  return child;
}

/** Resolves with the child's exit code (null when killed by a signal); immediately if it already exited. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Waits for the first IPC message accepted by `accept` (which may throw to reject, e.g. on a
 * reported failure); rejects if the child exits first or
 * the timeout passes (so a child that dies during start-up fails the start, not hangs it).
 */
export function waitForMessage<T>(
  child: ChildProcess,
  accept: (message: unknown) => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown): void => {
      let accepted: T | undefined;
      try {
        accepted = accept(message);
      } catch (error) {
        cleanup();
        reject(error);
        return;
      }
      if (accepted === undefined) return;
      cleanup();
      resolve(accepted);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`${what} exited during start-up (code ${code}, signal ${signal})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks a child to stop with SIGTERM and SIGKILLs it after `graceMs`; resolves once it is gone. */
export async function terminate(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const exited = exitOf(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Child side: runs `shutdown` once when the parent asks (SIGTERM/SIGINT) or disappears (IPC
 * disconnect, e.g. the parent was SIGKILLed), then exits, so no stand-in or worker is orphaned.
 */
export function exitWhenParentLets(shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const hardExit = setTimeout(() => process.exit(1), 10_000);
    hardExit.unref();
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}
