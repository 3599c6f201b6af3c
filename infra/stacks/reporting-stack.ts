/**
 * Reporting: the EventBridge Scheduler group that runs scheduled functions (reports), the SES
 * identity and configuration set they send from, and the reporting functions of the topology.
 */
import { Stack } from 'aws-cdk-lib';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { physicalNames } from '../config/physical-names';
import { DomainFunctions } from '../constructs/domain-functions';
import { ImportedResources } from '../constructs/imported-resources';
import type { MailerAccess } from '../constructs/resource-bindings';
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
  }
}
