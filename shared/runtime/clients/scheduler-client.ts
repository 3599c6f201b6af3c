/** EventBridge Scheduler client (the local Scheduler stand-in locally). */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function schedulerClient(config: NexusConfig): SchedulerClient {
  return traced(new SchedulerClient(clientOptions(config, config.endpointScheduler)));
}
