/**
 * Port for running reports on their schedules: one schedule per report (EventBridge Scheduler
 * in AWS, its local stand-in on a laptop), and one-off runs for a send-now.
 */
import type { ReportSchedule } from '../domain/reports/report-definition';

export interface ScheduledReport {
  readonly tenantId: string;
  readonly reportId: string;
  readonly schedule: ReportSchedule;
  readonly enabled: boolean;
}

/** What the report runner is invoked with. */
export interface ReportRunRequest {
  readonly tenantId: string;
  readonly reportId: string;
  /** The schedule's time (ISO) of a scheduled run: with the report, its idempotency key. */
  readonly scheduledAt?: string | undefined;
  /** The run a send-now created. */
  readonly runId?: string | undefined;
}

export interface ReportScheduler {
  /** Creates or replaces the report's schedule (a disabled report keeps a disabled schedule). */
  put(report: ScheduledReport): Promise<void>;
  /** Deletes the report's schedule; nothing happens when there is none. */
  remove(tenantId: string, reportId: string): Promise<void>;
  /** Invokes the runner once, as soon as the scheduler can, for a send-now run. */
  runOnce(request: Required<Pick<ReportRunRequest, 'tenantId' | 'reportId' | 'runId'>>): Promise<void>;
}
