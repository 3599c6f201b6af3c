/**
 * Reporting: the EventBridge Scheduler group that runs scheduled functions (reports), the SES
 * identity and configuration set they send from, and the reporting functions of the topology.
 */
import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { DomainFunctions } from '../constructs/domain-functions';
import type { LakeCatalogAccess, MailerAccess, ModelEndpointAccess } from '../constructs/resource-bindings';
import { type FunctionStackProps, namePrefix } from './nexus-stack-props';

export interface ReportingStackProps extends FunctionStackProps {
  readonly curatedBucket: IBucket;
  readonly queryResultsBucket: IBucket;
  readonly lakeCatalog: LakeCatalogAccess;
  readonly modelEndpoint?: ModelEndpointAccess;
  /** Metric rollups, read by the metric anomaly scorer. */
  readonly rollupTable?: ITable;
}

export class ReportingStack extends Stack {
  readonly scheduleGroup: ScheduleGroup;
  readonly mailer: MailerAccess;
  readonly functions: DomainFunctions;

  constructor(scope: Construct, id: string, props: ReportingStackProps) {
    super(scope, id, props);
    const { config } = props.deployment;
    const prefix = namePrefix(props.deployment);
    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { scheduleGroupName: `${prefix}-reports` });
    const configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: `${prefix}-reports`,
      // Open/click tracking would rewrite links in reports; delivery events suffice.
      reputationMetrics: true,
    });
    const domain = config.reporting.mailFromDomain;
    new EmailIdentity(this, 'MailIdentity', { identity: Identity.domain(domain), configurationSet });
    this.mailer = {
      identityName: domain,
      fromAddress: `reports@${domain}`,
      configurationSetName: configurationSet.configurationSetName,
    };
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'reporting',
      deployment: props.deployment,
      placement: props.placement,
      scheduleGroup: this.scheduleGroup,
      resources: {
        database: props.database,
        curatedBucket: props.curatedBucket,
        queryResultsBucket: props.queryResultsBucket,
        lakeCatalog: props.lakeCatalog,
        mailer: this.mailer,
        ...(props.modelEndpoint ? { modelEndpoint: props.modelEndpoint } : {}),
        ...(props.rollupTable ? { rollupTable: props.rollupTable } : {}),
      },
    });
  }
}
