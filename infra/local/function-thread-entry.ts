/** Runs inside a function thread: loads the function's handler once and answers each invocation. */
import { parentPort, workerData } from 'node:worker_threads';
import type {
  FunctionThreadData,
  InvokeMessage,
  ReplyMessage,
  ThrownError,
} from './function-thread-protocol';
import { type LambdaHandler, lambdaContext, loadHandler } from './lambda-runtime';

const { spec } = workerData as FunctionThreadData;
const port = parentPort;
if (!port) throw new Error('function-thread-entry runs in a worker thread only');
let handler: Promise<LambdaHandler> | undefined;

const thrown = (error: unknown): ThrownError =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };

function reply(answer: ReplyMessage): void {
  try {
    port?.postMessage(answer);
  } catch (error) {
    // A result that cannot be copied out of the thread (a function, say) fails the invocation.
    port?.postMessage({ id: answer.id, error: thrown(error) });
  }
}

port.on('message', (message: InvokeMessage) => {
  // Imported on the first event (a cold start); a failed import is tried again on the next one.
  handler ??= loadHandler(spec).catch((error: unknown) => {
    handler = undefined;
    throw error;
  });
  handler
    .then((run) => run(message.event, lambdaContext(spec, message.requestId, message.deadline)))
    .then(
      (result) => reply({ id: message.id, result }),
      (error: unknown) => reply({ id: message.id, error: thrown(error) }),
    );
});
