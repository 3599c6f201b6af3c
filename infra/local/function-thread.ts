/**
 * Runs one function's invocations in a worker thread of its own, as Lambda runs each function in
 * a sandbox of its own. In one process, a scheduled scorer's CPU-heavy minutes would block the
 * API's event loop and stretch every request that waits behind them (series p95 62-67 ms instead
 * of 35-46 in bench:metrics); in a thread they only share the CPU, as sandboxes on one host do.
 * A thread rather than a child process: it starts faster, and shares the process's lifetime, so
 * none can be orphaned.
 */
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from '../../shared/topology';
import type {
  FunctionThreadData,
  InvokeMessage,
  ReplyMessage,
  ThrownError,
} from './function-thread-protocol';
import type { LambdaHandler } from './lambda-runtime';
import { describeError, type LogSink } from './log';

const bootEntry = new URL('./function-thread-boot.mjs', import.meta.url);

export interface FunctionThread {
  /** Invokes the function in its thread (started on the first call, a cold start). */
  readonly handler: LambdaHandler;
  /** Ends the thread; invocations still waiting for it fail. */
  stop(): Promise<void>;
}

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** The handler's error as thrown in the thread, with its name and stack. */
function rebuilt(thrown: ThrownError): Error {
  const error = new Error(thrown.message);
  error.name = thrown.name;
  if (thrown.stack) error.stack = thrown.stack;
  return error;
}

/**
 * `env` is the function's environment on top of this process's (its own credentials, say): a
 * thread gets a copy of it when it starts, as a sandbox does, and its handler reads it at import.
 */
export function startFunctionThread(
  spec: FunctionSpec,
  env: Readonly<Record<string, string>>,
  log: LogSink,
): FunctionThread {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let thread: Worker | undefined;
  let stopped = false;

  /** Fails what the thread still owed and forgets it: the next invocation starts a fresh one. */
  const lose = (lost: Worker, reason: Error) => {
    if (thread !== lost) return;
    thread = undefined;
    for (const call of pending.values()) call.reject(reason);
    pending.clear();
  };

  const start = (): Worker => {
    const data: FunctionThreadData = { spec };
    const started = new Worker(bootEntry, { workerData: data, env: { ...process.env, ...env } });
    started.on('message', (reply: ReplyMessage) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if ('error' in reply) call.reject(rebuilt(reply.error));
      else call.resolve(reply.result);
    });
    // An uncaught error ends the thread like a crashed sandbox: the invocations in it fail.
    started.on('error', (error) => {
      log(`thread crashed: ${describeError(error)}`);
      lose(started, error);
    });
    started.on('exit', (code) => lose(started, new Error(`${spec.name}: thread exited with code ${code}`)));
    return started;
  };

  return {
    handler: (event, context) =>
      new Promise((resolve, reject) => {
        if (stopped) return reject(new Error(`${spec.name}: the local runtime is stopping`));
        thread ??= start();
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const message: InvokeMessage = {
          id,
          event,
          requestId: context.awsRequestId,
          deadline: Date.now() + context.getRemainingTimeInMillis(),
        };
        thread.postMessage(message);
      }),
    async stop() {
      stopped = true;
      const running = thread;
      if (running) await running.terminate();
    },
  };
}
