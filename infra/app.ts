/**
 * The CDK app: one NexusStage per deployment (stage x region) read from `cdk.json` context
 * `nexus`, cdk-nag AwsSolutions checks on every synth. `-c stage=<name>` synthesizes one stage.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deploymentsOf, parseInfraConfig } from './config/deployment-config';
import { NexusStage } from './stages/nexus-stage';

/** Builds the app; tests call it with their own context and outdir. */
export function buildApp(app: App = new App()): App {
  const config = parseInfraConfig(app.node.tryGetContext('nexus'));
  const onlyStage: unknown = app.node.tryGetContext('stage');
  for (const deployment of deploymentsOf(config, typeof onlyStage === 'string' ? onlyStage : undefined)) {
    new NexusStage(app, `${deployment.stage}-${deployment.region}`, {
      deployment,
      env: { account: deployment.config.account, region: deployment.region },
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) buildApp().synth();
