/** Invokes a handler the way Lambda handles asynchronous events (S3, schedules): a few retries, then the dead-letter file. */
import { randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../../../shared/topology';
import { invokeHandler, type LambdaHandler, localFunctionName } from '../lambda-runtime';
import { describeError, type LogSink } from '../log';
import { localAccountId, localRegion } from '../resources';
import { appendDeadLetter, deadLetterFile } from './dead-letters';
import { sleep } from './sleep';

export interface AsyncInvokeOptions {
  readonly spec: FunctionSpec;
  readonly handler: LambdaHandler;
  readonly dataDir: string;
  readonly log: LogSink;
  /** Lambda retries a failed asynchronous invocation twice. @default 2 */
  readonly retries?: number | undefined;
  /** Delay before the first retry, doubled after. @default 1000 */
  readonly retryDelayMs?: number | undefined;
  readonly signal?: AbortSignal;
}

/** Resolves with the result, or undefined once it has given up (and written the dead letter). */
export async function invokeAsync(options: AsyncInvokeOptions, event: unknown): Promise<unknown> {
  const retries = options.retries ?? 2;
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1), options.signal);
    try {
      return await invokeHandler(options.spec, options.handler, event);
    } catch (error) {
      lastError = error;
      options.log(`invocation ${attempt + 1}/${retries + 1} failed: ${describeError(error).split('\n')[0]}`);
    }
  }
  const functionName = localFunctionName(options.spec);
  // Lambda's on-failure destination record for asynchronous invocations.
  await appendDeadLetter(deadLetterFile(options.dataDir, options.spec.name), {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: randomUUID(),
      functionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: retries + 1,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorMessage: describeError(lastError) },
  });
  options.log(`gave up after ${retries + 1} attempts; event sent to the dead-letter file`);
  return undefined;
}
