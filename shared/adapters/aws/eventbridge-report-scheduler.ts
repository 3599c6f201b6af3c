/**
 * ReportScheduler on EventBridge Scheduler: one schedule per report in the reports group, read
 * in the report's time zone, with a flexible window to spread load, invoking the report runner
 * with the scheduled time; a send-now is a one-time schedule that deletes itself after running.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { eventBridgeCron } from '../../domain/reports/report-cron';
import type { ReportRunRequest, ReportScheduler, ScheduledReport } from '../../ports/report-scheduler';

export interface EventBridgeReportSchedulerOptions {
  readonly groupName: string;
  /** The report runner function. */
  readonly targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the runner. */
  readonly roleArn: string;
  /** Spread of a run after its time, in minutes (0 turns the window off). @default 5 */
  readonly flexibleWindowMinutes?: number;
  /** Delay of a send-now's one-time schedule. @default 5 s */
  readonly runOnceDelayMs?: number;
  readonly now?: () => Date;
}

/** The placeholder EventBridge Scheduler replaces with the run's scheduled time. */
export const scheduledTimePlaceholder = '<aws.scheduler.scheduled-time>';

export function reportScheduleName(reportId: string): string {
  return `report-${reportId}`;
}

export class EventBridgeReportScheduler implements ReportScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeReportSchedulerOptions,
  ) {}

  private target(input: ReportRunRequest) {
    return {
      Arn: this.options.targetArn,
      RoleArn: this.options.roleArn,
      Input: JSON.stringify(input),
      // A failed invocation is retried for an hour; the runner's idempotency makes that safe.
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
    };
  }

  async put(report: ScheduledReport): Promise<void> {
    const window = this.options.flexibleWindowMinutes ?? 5;
    const input: CreateScheduleCommandInput = {
      Name: reportScheduleName(report.reportId),
      GroupName: this.options.groupName,
      ScheduleExpression: eventBridgeCron(report.schedule),
      ScheduleExpressionTimezone: report.schedule.timezone,
      FlexibleTimeWindow: window > 0 ? { Mode: 'FLEXIBLE', MaximumWindowInMinutes: window } : { Mode: 'OFF' },
      State: report.enabled ? 'ENABLED' : 'DISABLED',
      Description: `Nexus report ${report.reportId} of tenant ${report.tenantId}`,
      Target: this.target({
        tenantId: report.tenantId,
        reportId: report.reportId,
        scheduledAt: scheduledTimePlaceholder,
      }),
    };
    try {
      await this.client.send(new UpdateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      try {
        await this.client.send(new CreateScheduleCommand(input));
      } catch (createError) {
        // A concurrent put created it first: make ours the last word.
        if (!(createError instanceof ConflictException)) throw createError;
        await this.client.send(new UpdateScheduleCommand(input));
      }
    }
  }

  async remove(_tenantId: string, reportId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: reportScheduleName(reportId), GroupName: this.options.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  async runOnce(request: { tenantId: string; reportId: string; runId: string }): Promise<void> {
    const at = new Date(
      (this.options.now?.() ?? new Date()).getTime() + (this.options.runOnceDelayMs ?? 5_000),
    );
    await this.client.send(
      new CreateScheduleCommand({
        Name: `report-run-${request.runId}`,
        GroupName: this.options.groupName,
        ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Description: `Nexus report ${request.reportId}: send now (run ${request.runId})`,
        Target: this.target(request),
      }),
    );
  }
}
