/**
 * Report scheduling in the Reporting stack: the role EventBridge Scheduler assumes may invoke
 * the report runner and nothing else; the reports function is told the group, the role and the
 * runner it schedules; failed report runs raise an alarm; the configuration set publishes bounces
 * and complaints to EventBridge, whose rule feeds the mail-events function; the runner reads the
 * unsubscribe signing key from its secret and writes to the report-files bucket.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
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

  it('publishes bounces and complaints of the configuration set to EventBridge, routed to mail-events', () => {
    reporting.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: Match.anyValue(),
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        EventBridgeDestination: Match.objectLike({ EventBusArn: Match.anyValue() }),
      }),
    });
    const [mailEventsId] = functionNamed('nexus-dev-mail-events');
    reporting.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': ['nexus-dev-reports'] } } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [mailEventsId, 'Arn'] } })],
    });
  });

  it('gives the runner and the unsubscribe function the signing key secret, and the runner the files bucket', () => {
    for (const name of ['nexus-dev-report-runner', 'nexus-dev-report-unsubscribe']) {
      const [, fn] = functionNamed(name);
      const env = JSON.stringify((fn.Properties['Environment'] as { Variables: unknown }).Variables);
      expect(env, name).toContain('UNSUBSCRIBE_KEY_SECRET_ID');
      expect(env, name).toContain('NEXUS_PUBLIC_API_URL');
      // The key itself is never in the template, only the secret's ARN.
      expect(env, name).not.toContain('NEXUS_UNSUBSCRIBE_SIGNING_KEY');
    }
    const [, runner] = functionNamed('nexus-dev-report-runner');
    expect(JSON.stringify(runner.Properties['Environment'])).toContain('REPORT_FILES_BUCKET');
  });
});
