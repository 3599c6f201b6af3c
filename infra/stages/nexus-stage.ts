/**
 * One deployment (stage x region): composes the domain stacks with typed props. Stateful stacks
 * (Platform, Lake) come first; stateless ones take their resources as props, never by name.
 * Stack names follow `${app}-${stage}-${region}-${domain}`.
 */
import { Aspects, Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { StatefulResourcesRetained } from '../aspects/stateful-resources-retained';
import type { Deployment } from '../config/deployment-config';
import type { PlatformFunction } from '../constructs/platform-function';
import { ApiStack } from '../stacks/api-stack';
import { IngestionStack } from '../stacks/ingestion-stack';
import { InsightsStack } from '../stacks/insights-stack';
import { LakeStack } from '../stacks/lake-stack';
import { ObservabilityStack } from '../stacks/observability-stack';
import { PlatformStack } from '../stacks/platform-stack';
import { ReportingStack } from '../stacks/reporting-stack';

export interface NexusStageProps extends StageProps {
  readonly deployment: Deployment;
}

export class NexusStage extends Stage {
  readonly platform: PlatformStack;
  readonly ingestion: IngestionStack;
  readonly lake: LakeStack;
  readonly insights: InsightsStack;
  readonly reporting: ReportingStack;
  readonly api: ApiStack;
  readonly observability: ObservabilityStack;

  constructor(scope: Construct, id: string, props: NexusStageProps) {
    super(scope, id, props);
    const d = props.deployment;
    const name = (domain: string) => `${d.app}-${d.stage}-${d.region}-${domain}`;
    const common = { deployment: d, env: { account: d.config.account, region: d.region } };

    this.platform = new PlatformStack(this, 'Platform', { ...common, stackName: name('platform') });
    const net = { placement: this.platform.placement, database: this.platform.database };
    this.ingestion = new IngestionStack(this, 'Ingestion', {
      ...common,
      ...net,
      stackName: name('ingestion'),
      accessLogsBucket: this.platform.accessLogsBucket,
    });
    this.lake = new LakeStack(this, 'Lake', {
      ...common,
      ...net,
      stackName: name('lake'),
      accessLogsBucket: this.platform.accessLogsBucket,
      eventStream: this.ingestion.eventStream,
      idempotencyTable: this.platform.idempotencyTable,
      rollupTable: this.platform.rollupTable,
    });
    this.insights = new InsightsStack(this, 'Insights', { ...common, ...net, stackName: name('insights') });
    const modelEndpoint = this.insights.modelEndpoint;
    const lakeAccess = {
      curatedBucket: this.lake.curatedBucket,
      queryResultsBucket: this.lake.queryResultsBucket,
      lakeCatalog: this.lake.catalog,
    };
    this.reporting = new ReportingStack(this, 'Reporting', {
      ...common,
      ...net,
      ...lakeAccess,
      stackName: name('reporting'),
      modelEndpoint,
      rollupTable: this.platform.rollupTable,
    });
    const external = new Map<string, PlatformFunction>([
      ...this.platform.functions.byName,
      ...this.ingestion.functions.byName,
      ...this.lake.functions.byName,
      ...this.insights.functions.byName,
      ...this.reporting.functions.byName,
    ]);
    this.api = new ApiStack(this, 'Api', {
      ...common,
      ...net,
      ...lakeAccess,
      stackName: name('api'),
      modelEndpoint,
      rollupTable: this.platform.rollupTable,
      externalFunctions: external,
    });
    this.observability = new ObservabilityStack(this, 'Observability', {
      ...common,
      stackName: name('observability'),
      dataKey: this.platform.dataKey,
      api: this.api.api,
      eventStream: this.ingestion.eventStream,
      functions: new Map([...external, ...this.api.functions.byName]),
      modelEndpoint: { endpointName: modelEndpoint.endpointName, variantNames: this.insights.variantNames },
      deadLetterQueues: new Map([
        ...this.ingestion.functions.deadLetterQueues,
        ...this.lake.functions.deadLetterQueues,
      ]),
    });
    Aspects.of(this).add(new StatefulResourcesRetained());
    Tags.of(this).add('app', d.app);
    Tags.of(this).add('stage', d.stage);
  }
}
