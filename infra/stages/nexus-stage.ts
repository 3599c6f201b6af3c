/**
 * One deployment (stage x region). Data stacks (Platform, Lake) hold every stateful resource and
 * are termination-protected in production; a code deploy never updates them. Observability comes
 * next (the alarm topic), then the function stacks, which import what they need from the data
 * stacks by SSM parameter and physical name, never by CloudFormation export: the only arrows
 * between stacks are deployment-order dependencies, all pointing from functions to data.
 * Stack names follow `${app}-${stage}-${region}-${name}`.
 */
import { Aspects, type Stack, Stage, type StageProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Domain } from '../../shared/topology';
import { StatefulResourcesRetained } from '../aspects/stateful-resources-retained';
import type { Deployment } from '../config/deployment-config';
import { physicalNames } from '../config/physical-names';
import { modelServing } from '../config/stage-resources';
import { ApiStack } from '../stacks/api-stack';
import { domainHasSchedules, FunctionsStack } from '../stacks/functions-stack';
import { InsightsStack } from '../stacks/insights-stack';
import { LakeStack } from '../stacks/lake-stack';
import { ObservabilityStack } from '../stacks/observability-stack';
import { PlatformStack } from '../stacks/platform-stack';
import { ReportingStack } from '../stacks/reporting-stack';

export interface NexusStageProps extends StageProps {
  readonly deployment: Deployment;
}

export class NexusStage extends Stage {
  readonly deployment: Deployment;
  /** Data stacks. */
  readonly platform: PlatformStack;
  readonly lake: LakeStack;
  readonly observability: ObservabilityStack;
  /** Function stacks. */
  readonly platformFunctions: FunctionsStack;
  readonly ingestion: FunctionsStack;
  readonly lakeFunctions: FunctionsStack;
  readonly insights: InsightsStack;
  readonly reporting: ReportingStack;
  readonly api: ApiStack;

  constructor(scope: Construct, id: string, props: NexusStageProps) {
    super(scope, id, props);
    const d = props.deployment;
    this.deployment = d;
    const name = (part: string) => `${d.app}-${d.stage}-${d.region}-${part}`;
    const common = { deployment: d, env: { account: d.config.account, region: d.region } };

    this.platform = new PlatformStack(this, 'Platform', { ...common, stackName: name('platform') });
    this.lake = new LakeStack(this, 'Lake', { ...common, stackName: name('lake') });
    this.lake.addStackDependency(this.platform);
    const network = { availabilityZones: this.platform.appAvailabilityZones };
    const after = <S extends Stack>(stack: S, ...dependencies: Stack[]): S => {
      for (const dependency of dependencies) stack.addStackDependency(dependency);
      return stack;
    };

    this.observability = new ObservabilityStack(this, 'Observability', {
      ...common,
      network,
      stackName: name('observability'),
      modelEndpoint: modelServing(d.config, physicalNames(d).modelEndpoint),
    });
    after(this.observability, this.platform);

    const data = [this.platform, this.lake, this.observability];
    const functionStack = (id: string, domain: Domain, stackName: string) =>
      after(
        new FunctionsStack(this, id, { ...common, network, domain, stackName: name(stackName) }),
        ...data,
      );
    this.platformFunctions = functionStack('PlatformFunctions', 'platform', 'platform-functions');
    this.ingestion = functionStack('Ingestion', 'ingestion', 'ingestion');
    this.lakeFunctions = functionStack('LakeFunctions', 'lake', 'lake-functions');
    this.insights = new InsightsStack(this, 'Insights', { ...common, network, stackName: name('insights') });
    after(this.insights, ...data);
    this.reporting = new ReportingStack(this, 'Reporting', {
      ...common,
      network,
      stackName: name('reporting'),
    });
    after(this.reporting, ...data);
    for (const stack of [this.platformFunctions, this.ingestion, this.lakeFunctions]) {
      if (domainHasSchedules(stack.domain)) after(stack, this.reporting);
    }
    // The API routes to functions of every other function stack (by name), so it deploys last.
    this.api = new ApiStack(this, 'Api', { ...common, network, stackName: name('api') });
    after(
      this.api,
      ...data,
      this.platformFunctions,
      this.ingestion,
      this.lakeFunctions,
      this.insights,
      this.reporting,
    );

    Aspects.of(this).add(new StatefulResourcesRetained());
    Tags.of(this).add('app', d.app);
    Tags.of(this).add('stage', d.stage);
  }

  /** Every stack of the deployment. */
  get stacks(): Stack[] {
    return [
      this.platform,
      this.lake,
      this.observability,
      this.platformFunctions,
      this.ingestion,
      this.lakeFunctions,
      this.insights,
      this.reporting,
      this.api,
    ];
  }
}
