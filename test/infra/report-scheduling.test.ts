/**
 * Report scheduling in the Reporting stack: the role EventBridge Scheduler assumes may invoke
 * the report runner and nothing else; the reports function is told the group, the role and the
 * runner it schedules; failed report runs raise an alarm.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { removeOutdirs, testApp } from './support/synth-app';

let reporting: Template;

beforeAll(() => {
  const app = testApp({ stage: 'dev' });
  app.synth();
  const dev = app.node.findChild('dev-eu-west-1') as NexusStage;
  reporting = Template.fromStack(dev.reporting);
}, 180_000);

afterAll(removeOutdirs);

type Resource = { Properties: Record<string, unknown> };

function functionNamed(name: string): [string, Resource] {
  const found = Object.entries(
    reporting.findResources('AWS::Lambda::Function') as Record<string, Resource>,
  ).find(([, r]) => r.Properties['FunctionName'] === name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

describe('report scheduling', () => {
  it('lets the scheduler role invoke the report runner only', () => {
    const roles = reporting.findResources('AWS::IAM::Role', {
      Properties: { RoleName: 'nexus-dev-eu-west-1-report-scheduler' },
    }) as Record<string, Resource>;
    const [[roleId, role] = []] = Object.entries(roles);
    expect(JSON.stringify(role?.Properties['AssumeRolePolicyDocument'])).toContain('scheduler.amazonaws.com');
    const [runnerId] = functionNamed('nexus-dev-report-runner');
    const policies = Object.values(
      reporting.findResources('AWS::IAM::Policy') as Record<string, Resource>,
    ).filter((p) => JSON.stringify(p.Properties['Roles']).includes(roleId ?? '?'));
    const statements = policies.flatMap(
      (p) =>
        (p.Properties['PolicyDocument'] as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [runnerId, 'Arn'] },
      }),
    ]);
  });

  it('tells the reports function the schedule group, the role and the runner', () => {
    const [, reports] = functionNamed('nexus-dev-reports');
    const env = JSON.stringify((reports.Properties['Environment'] as { Variables: unknown }).Variables);
    expect(env).toContain('"REPORT_SCHEDULE_GROUP":"nexus-dev-reports"');
    expect(env).toContain('function:nexus-dev-report-runner');
    expect(env).toContain('role/nexus-dev-eu-west-1-report-scheduler');
  });

  it('alarms on failed report runs', () => {
    reporting.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ReportRunsFailed',
      Namespace: 'Nexus',
      Dimensions: [{ Name: 'service', Value: 'report-runner' }],
    });
  });
});
