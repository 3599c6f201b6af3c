/** What a worker process is asked to run, and the message it sends when its pollers are up. */
import type { FunctionSpec } from '../../shared/topology';

/** Poller tuning passed down to workers (tests shorten the waits). */
export interface PollerTuning {
  readonly idlePollMs?: number;
  readonly batchingWindowMs?: number;
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
}

export interface WorkerRequest {
  readonly spec: FunctionSpec;
  readonly dataDir: string;
  readonly tuning?: PollerTuning | undefined;
}

export const workerReadyMessage = 'worker-ready';

export function isWorkerReady(message: unknown): true | undefined {
  return typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    message.type === workerReadyMessage
    ? true
    : undefined;
}
