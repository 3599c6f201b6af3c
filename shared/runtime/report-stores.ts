/**
 * The report capabilities: subscriptions, runs and suppressions in Postgres, schedules on
 * EventBridge Scheduler, files too large to attach in S3.
 */

import { EventBridgeReportScheduler } from '../adapters/aws/eventbridge-report-scheduler';
import { S3ReportFileStore } from '../adapters/aws/s3-report-file-store';
import { PostgresReportStore } from '../adapters/postgres/postgres-report-store';
import { PostgresSuppressionStore } from '../adapters/postgres/postgres-suppression-store';
import type { ReportFileStore } from '../ports/report-file-store';
import type { ReportScheduler } from '../ports/report-scheduler';
import type { ReportStore } from '../ports/report-store';
import type { SuppressionStore } from '../ports/suppression-store';
import { s3Client, s3PresignClient } from './clients/s3-client';
import { schedulerClient } from './clients/scheduler-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';
import { sqlPool } from './sql-pool';

export function reportStore(rt: Runtime = runtime()): ReportStore {
  return new PostgresReportStore(sqlPool(rt));
}

/** Unsubscribes and bounced addresses, checked before each report email. */
export function suppressionStore(rt: Runtime = runtime()): SuppressionStore {
  return new PostgresSuppressionStore(sqlPool(rt));
}

/** Needs `reportScheduler:manage`. */
export function reportScheduler(rt: Runtime = runtime()): ReportScheduler {
  return new EventBridgeReportScheduler(rt.client(schedulerClient), {
    groupName: required(rt.config, 'reportScheduleGroup'),
    targetArn: required(rt.config, 'reportRunnerArn'),
    roleArn: required(rt.config, 'reportSchedulerRoleArn'),
  });
}

/** Report files too large to attach, in the report-files bucket. Needs `reportFilesBucket:readWrite` (`:read` to presign downloads only). */
export function reportFileStore(rt: Runtime = runtime()): ReportFileStore {
  return new S3ReportFileStore(rt.client(s3Client), rt.client(s3PresignClient), {
    bucket: required(rt.config, 'reportFilesBucket'),
  });
}
