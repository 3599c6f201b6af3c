/**
 * Reporting: the EventBridge Scheduler group that runs scheduled functions (reports), the SES
 * identity and configuration set they send from (its bounces and complaints published to
 * EventBridge), and the reporting functions of the topology.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { physicalNames } from '../config/physical-names';
import { DomainFunctions } from '../constructs/domain-functions';
import { ImportedResources } from '../constructs/imported-resources';
import type { MailerAccess } from '../constructs/resource-bindings';
import { thresholdAlarm } from '../constructs/threshold-alarm';
import type { FunctionStackProps } from './nexus-stack-props';

export interface ReportingStackProps extends FunctionStackProps {}

export class ReportingStack extends Stack {
  readonly scheduleGroup: ScheduleGroup;
  readonly mailer: MailerAccess;
  readonly functions: DomainFunctions;

  constructor(scope: Construct, id: string, props: ReportingStackProps) {
    super(scope, id, props);
    const names = physicalNames(props.deployment);
    const imports = new ImportedResources(this, props.deployment, props.network);
    // biome-ignore lint/style/noNonNullAssertion: ImportedResources always describes the mailer.
    const mailer = imports.resources.mailer!;
    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { scheduleGroupName: names.scheduleGroup });
    const configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: names.mailConfigurationSet,
      // Open/click tracking would rewrite links in reports; delivery events suffice.
      reputationMetrics: true,
    });
    // Bounces and complaints go to the default event bus, where the mail-events function's rule
    // (DomainFunctions) turns hard bounces and complaints into the tenant's suppressions.
    configurationSet.addEventDestination('BouncesToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    // The sender domain comes from the stage's configuration (reporting.mailFromDomain).
    new EmailIdentity(this, 'MailIdentity', {
      identity: Identity.domain(mailer.identityName),
      configurationSet,
    });
    this.mailer = mailer;
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'reporting',
      deployment: props.deployment,
      imports,
      scheduleGroup: this.scheduleGroup,
    });
    this.reportSchedules(names.reportSchedulerRole, imports);
  }

  /**
   * The role report schedules (created at run time by the reports function) run with: it may
   * invoke the report runner and nothing else; and an alarm on runs that fail.
   */
  private reportSchedules(roleName: string, imports: ImportedResources): void {
    const runner = this.functions.get('report-runner');
    const role = new Role(this, 'ReportSchedulerRole', {
      roleName,
      description: 'Assumed by EventBridge Scheduler to invoke the report runner',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [runner.fn.functionArn] }),
    );
    thresholdAlarm(this, 'ReportRunsFailedAlarm', {
      metric: new Metric({
        namespace: 'Nexus',
        metricName: 'ReportRunsFailed',
        dimensionsMap: { service: 'report-runner' },
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
      threshold: 1,
      description: 'report-runner: report runs failed (bad SQL, a deleted metric, no recipient reached)',
      action: new SnsAction(imports.alarmTopic),
    });
  }
}
