/**
 * EventBridgeReportScheduler's exact Scheduler requests (a recording client): one schedule per
 * report in the report's zone with a flexible window and the scheduled-time placeholder;
 * update-then-create; a delete that tolerates absence; a self-deleting one-time send-now.
 */
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { EventBridgeReportScheduler } from '../../../../shared/adapters/aws/eventbridge-report-scheduler';

const tenantId = '11111111-1111-4111-8111-111111111111';
const reportId = '22222222-2222-4222-8222-222222222222';
const options = {
  groupName: 'nexus-dev-reports',
  targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:nexus-dev-report-runner',
  roleArn: 'arn:aws:iam::123456789012:role/nexus-dev-eu-west-1-report-scheduler',
};

function recordingClient(fail: (command: unknown) => Error | undefined = () => undefined) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      const error = fail(command);
      if (error) throw error;
      return {};
    },
  } as unknown as SchedulerClient;
  return { client, sent };
}

const notFound = () =>
  new ResourceNotFoundException({ Message: 'no such schedule', message: 'no such schedule', $metadata: {} });

describe('EventBridgeReportScheduler', () => {
  it('creates the schedule when an update finds none, with the exact input', async () => {
    const { client, sent } = recordingClient((c) =>
      c instanceof UpdateScheduleCommand ? notFound() : undefined,
    );
    await new EventBridgeReportScheduler(client, options).put({
      tenantId,
      reportId,
      schedule: { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      enabled: true,
    });
    expect(sent.map((s) => s.name)).toEqual(['UpdateScheduleCommand', 'CreateScheduleCommand']);
    expect(sent[1]?.input).toEqual({
      Name: `report-${reportId}`,
      GroupName: 'nexus-dev-reports',
      ScheduleExpression: 'cron(0 9 ? * 2,3,4,5,6 *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 },
      State: 'ENABLED',
      Description: `Nexus report ${reportId} of tenant ${tenantId}`,
      Target: {
        Arn: options.targetArn,
        RoleArn: options.roleArn,
        Input: JSON.stringify({ tenantId, reportId, scheduledAt: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
  });

  it('updates in place and disables a paused report', async () => {
    const { client, sent } = recordingClient();
    await new EventBridgeReportScheduler(client, { ...options, flexibleWindowMinutes: 0 }).put({
      tenantId,
      reportId,
      schedule: { cron: '30 6 1 * *', timezone: 'UTC' },
      enabled: false,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.input).toMatchObject({
      ScheduleExpression: 'cron(30 6 1 * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'DISABLED',
    });
  });

  it('deletes the schedule and ignores one that is already gone', async () => {
    const { client, sent } = recordingClient((c) =>
      c instanceof DeleteScheduleCommand ? notFound() : undefined,
    );
    await new EventBridgeReportScheduler(client, options).remove(tenantId, reportId);
    expect(sent).toEqual([
      {
        name: 'DeleteScheduleCommand',
        input: { Name: `report-${reportId}`, GroupName: 'nexus-dev-reports' },
      },
    ]);
  });

  it('sends now through a one-time schedule that deletes itself', async () => {
    const { client, sent } = recordingClient();
    const runId = '33333333-3333-4333-8333-333333333333';
    const scheduler = new EventBridgeReportScheduler(client, {
      ...options,
      now: () => new Date('2026-12-02T05:30:12.345Z'),
    });
    await scheduler.runOnce({ tenantId, reportId, runId });
    expect(sent[0]?.name).toBe(CreateScheduleCommand.name);
    expect(sent[0]?.input).toMatchObject({
      Name: `report-run-${runId}`,
      ScheduleExpression: 'at(2026-12-02T05:30:17)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Input: JSON.stringify({ tenantId, reportId, runId }) },
    });
  });
});
