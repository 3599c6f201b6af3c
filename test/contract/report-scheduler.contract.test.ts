/**
 * ReportScheduler contract on the EventBridge Scheduler stand-in with the real SDK client: the
 * adapter's schedules are stored as sent, replaced and deleted; a send-now's one-time schedule
 * fires once with its input and deletes itself; a cron schedule fires in its zone with the
 * scheduled time filled in.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../infra/local/resources';
import {
  fiveFieldCron,
  nextFiring,
  type ScheduleFiring,
  type SchedulerStandIn,
  startSchedulerStandIn,
} from '../../infra/local/stand-ins/scheduler-server';
import { EventBridgeReportScheduler } from '../../shared/adapters/aws/eventbridge-report-scheduler';

const options = {
  groupName: 'nexus-local-reports',
  targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:nexus-local-report-runner',
  roleArn: 'arn:aws:iam::000000000000:role/nexus-local-report-scheduler',
  runOnceDelayMs: 0,
};

let dir: string;
let standIn: SchedulerStandIn;
let client: SchedulerClient;
let fired: ScheduleFiring[];
let scheduler: EventBridgeReportScheduler;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nexus-scheduler-'));
  standIn = await startSchedulerStandIn({ port: 0, dir, onFire: (f) => fired.push(f) });
  client = new SchedulerClient({
    region: localRegion,
    endpoint: standIn.endpoint,
    credentials: localCredentials,
  });
  scheduler = new EventBridgeReportScheduler(client, options);
});

afterAll(async () => {
  client?.destroy();
  await standIn?.stop();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fired = [];
});

const key = (reportId: string) => `${options.groupName}/report-${reportId}`;

describe('ReportScheduler contract: EventBridge adapter on the Scheduler stand-in', () => {
  it('creates, replaces and deletes one schedule per report', async () => {
    const reportId = randomUUID();
    const report = {
      tenantId: randomUUID(),
      reportId,
      schedule: { cron: '0 9 * * 1-5', timezone: 'Asia/Tokyo' },
      enabled: true,
    };

    await scheduler.put(report);
    expect(standIn.schedules().get(key(reportId))).toMatchObject({
      ScheduleExpression: 'cron(0 9 ? * 2,3,4,5,6 *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      State: 'ENABLED',
      Target: { Arn: options.targetArn, RoleArn: options.roleArn },
    });

    await scheduler.put({ ...report, schedule: { cron: '15 7 * * *', timezone: 'UTC' }, enabled: false });
    expect(standIn.schedules().get(key(reportId))).toMatchObject({
      ScheduleExpression: 'cron(15 7 * * ? *)',
      State: 'DISABLED',
    });

    await scheduler.remove(report.tenantId, reportId);
    expect(standIn.schedules().has(key(reportId))).toBe(false);
    await expect(scheduler.remove(report.tenantId, reportId)).resolves.toBeUndefined();
  });

  it('fires a send-now once, with its input, and deletes its one-time schedule', async () => {
    const request = { tenantId: randomUUID(), reportId: randomUUID(), runId: randomUUID() };
    await scheduler.runOnce(request);
    for (let i = 0; i < 50 && fired.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(fired).toHaveLength(1);
    expect(fired[0]?.targetArn).toBe(options.targetArn);
    expect(JSON.parse(fired[0]?.input ?? '{}')).toEqual(request);
    expect(standIn.schedules().has(`${options.groupName}/report-run-${request.runId}`)).toBe(false);
  });

  it('reads cron schedules back in their zone, as the adapter wrote them', () => {
    expect(fiveFieldCron('cron(0 9 ? * 2,3,4,5,6 *)')).toBe('0 9 * * 1,2,3,4,5');
    const schedule = {
      Name: 'r',
      GroupName: 'g',
      ScheduleExpression: 'cron(0 9 ? * 2 *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { Arn: options.targetArn, RoleArn: options.roleArn },
    };
    // Monday 9:00 in London during BST is 08:00 UTC.
    expect(nextFiring(schedule, new Date('2026-06-03T00:00:00Z'))?.toISOString()).toBe(
      '2026-06-08T08:00:00.000Z',
    );
    expect(nextFiring({ ...schedule, State: 'DISABLED' }, new Date())).toBeNull();
  });
});
