/** Invokes functions on their `schedule` event sources with EventBridge Scheduler-like events, and on demand. */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { EventSourceSpec, FunctionSpec } from '../../../shared/topology';
import { invokeHandler, type LambdaHandler, localFunctionName } from '../lambda-runtime';
import { consoleLog, describeError, type LogSink } from '../log';
import { localAccountId, localRegion } from '../resources';
import { invokeAsync } from './async-invoke';
import { parseScheduleExpression } from './schedule-expression';

export type ScheduleEventSource = Extract<EventSourceSpec, { kind: 'schedule' }>;

export interface SchedulePollerOptions {
  readonly spec: FunctionSpec;
  readonly handler: LambdaHandler;
  readonly dataDir: string;
  readonly log?: LogSink;
  /** Scheduled runs retry like asynchronous invocations. @default 2 */
  readonly retries?: number | undefined;
}

export interface SchedulePoller {
  /** Runs the function's schedule now (the first one, or `index`) and returns the handler's result. */
  triggerNow(index?: number): Promise<unknown>;
  /**
   * Skips the firings due from now on (as a DISABLED schedule would) and resolves once the runs
   * already started have finished. Benches use it to time an API without the co-located runs.
   */
  pause(): Promise<void>;
  /** Fires again from the next due time on. */
  resume(): void;
  stop(): Promise<void>;
}

/** setTimeout's maximum; longer waits are re-armed. */
const maxTimerMs = 2 ** 31 - 1;

export function scheduledEvent(spec: FunctionSpec, index: number, time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: localAccountId,
    time: time.toISOString(),
    region: localRegion,
    resources: [
      `arn:aws:scheduler:${localRegion}:${localAccountId}:schedule/default/${localFunctionName(spec)}-${index}`,
    ],
    detail: {},
  };
}

export function startSchedulePoller(options: SchedulePollerOptions): SchedulePoller {
  const log = options.log ?? consoleLog(options.spec.name);
  const sources = (options.spec.eventSources ?? []).filter(
    (source): source is ScheduleEventSource => source.kind === 'schedule',
  );
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const abort = new AbortController();
  let paused = false;

  const arm = (
    index: number,
    source: ScheduleEventSource,
    schedule = parseScheduleExpression(source.expression),
  ) => {
    const next = schedule.nextAfter(new Date());
    if (!next || abort.signal.aborted) return;
    const wait = next.getTime() - Date.now();
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (wait <= maxTimerMs && !paused) {
          const run = invokeAsync(
            { ...options, log, signal: abort.signal },
            scheduledEvent(options.spec, index, next),
          ).finally(() => running.delete(run));
          running.add(run);
        }
        arm(index, source, schedule);
      },
      Math.min(wait, maxTimerMs),
    );
    timers.add(timer);
  };
  sources.forEach((source, index) => {
    arm(index, source);
    log(`scheduled ${source.expression} (${source.description})`);
  });

  return {
    async triggerNow(index = 0) {
      if (!sources[index]) throw new Error(`${options.spec.name} has no schedule #${index}`);
      try {
        return await invokeHandler(
          options.spec,
          options.handler,
          scheduledEvent(options.spec, index, new Date()),
        );
      } catch (error) {
        log(`triggered run failed: ${describeError(error)}`);
        throw error;
      }
    },
    async pause() {
      paused = true;
      await Promise.allSettled([...running]);
    },
    resume() {
      paused = false;
    },
    async stop() {
      abort.abort();
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
