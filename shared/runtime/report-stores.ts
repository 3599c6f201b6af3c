/** The report capabilities: subscriptions and runs in Postgres, schedules on EventBridge Scheduler. */
import { EventBridgeReportScheduler } from '../adapters/aws/eventbridge-report-scheduler';
import { PostgresReportStore } from '../adapters/postgres/postgres-report-store';
import type { ReportScheduler } from '../ports/report-scheduler';
import type { ReportStore } from '../ports/report-store';
import { schedulerClient } from './clients/scheduler-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function reportStore(rt: Runtime = runtime()): ReportStore {
  return new PostgresReportStore(rt.pool);
}

/** Needs `reportScheduler:manage`. */
export function reportScheduler(rt: Runtime = runtime()): ReportScheduler {
  return new EventBridgeReportScheduler(rt.client(schedulerClient), {
    groupName: required(rt.config, 'reportScheduleGroup'),
    targetArn: required(rt.config, 'reportRunnerArn'),
    roleArn: required(rt.config, 'reportSchedulerRoleArn'),
  });
}
