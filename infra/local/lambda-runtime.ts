/** Loads a topology function's handler module and invokes it like Lambda would: context, timeout, callback or promise. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../shared/topology';
import { localAccountId, localRegion } from './resources';

/** The repository root: topology entries are paths relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A handler as the local runtime calls it; events and results are checked by the callers. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Thrown when an invocation outlives the function's timeout, like Lambda's "Task timed out". */
export class InvocationTimeoutError extends Error {
  constructor(functionName: string, seconds: number) {
    super(`${functionName}: Task timed out after ${seconds} seconds`);
    this.name = 'InvocationTimeoutError';
  }
}

type RawHandler = (
  event: unknown,
  context: Context,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}

/** The Lambda function name a topology function gets locally. */
export function localFunctionName(spec: FunctionSpec): string {
  return `nexus-local-${spec.name}`;
}

/** A Lambda-like context whose remaining time counts down from the function's timeout. */
export function lambdaContext(spec: FunctionSpec, awsRequestId: string, deadline: number): Context {
  const functionName = localFunctionName(spec);
  const unsupported = (): never => {
    throw new Error('context.done/succeed/fail are not supported locally: return a value or a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Imports the module at `spec.entry` and returns its `handler`. Import lazily and after the
 * environment is set: handler modules parse their config once, at import.
 */
export async function loadHandler(spec: FunctionSpec, root = repoRoot): Promise<LambdaHandler> {
  const url = pathToFileURL(path.resolve(root, spec.entry)).href;
  const module: unknown = await import(url);
  const handler =
    typeof module === 'object' && module !== null && 'handler' in module ? module.handler : undefined;
  if (typeof handler !== 'function') throw new Error(`${spec.entry} does not export a handler function`);
  const raw = handler as RawHandler;
  // Lambda accepts both styles: a returned promise, or a result passed to the callback.
  return (event, context) =>
    new Promise((resolve, reject) => {
      const returned = raw(event, context, (error, result) => (error ? reject(error) : resolve(result)));
      if (isPromiseLike(returned)) returned.then(resolve, reject);
    });
}

/**
 * Invokes a handler with a fresh context and the function's timeout (capped by `maxSeconds`, e.g.
 * API Gateway's 29 s). The handler keeps running after a timeout; locally it cannot be frozen.
 */
export async function invokeHandler(
  spec: FunctionSpec,
  handler: LambdaHandler,
  event: unknown,
  options: { readonly requestId?: string; readonly maxSeconds?: number } = {},
): Promise<unknown> {
  const seconds = Math.min(spec.timeoutSeconds, options.maxSeconds ?? Number.POSITIVE_INFINITY);
  const deadline = Date.now() + seconds * 1000;
  const context = lambdaContext(spec, options.requestId ?? randomUUID(), deadline);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvocationTimeoutError(context.functionName, seconds)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Loads each handler once, on first use (a cold start), and remembers the promise. */
export class HandlerCache {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();

  constructor(private readonly root = repoRoot) {}

  get(spec: FunctionSpec): Promise<LambdaHandler> {
    let handler = this.loaded.get(spec.name);
    if (!handler) {
      handler = loadHandler(spec, this.root);
      // A failed import is retried on the next request (the file may be mid-edit).
      handler.catch(() => this.loaded.delete(spec.name));
      this.loaded.set(spec.name, handler);
    }
    return handler;
  }
}
