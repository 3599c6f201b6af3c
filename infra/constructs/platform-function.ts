/**
 * A Nexus Lambda function built from its topology entry: esbuild bundle (minified, source maps,
 * ESM, SDK v3 tree-shaken), Node.js 22 on arm64, JSON logs into an explicit log group, X-Ray,
 * in the platform's private subnets. Environment variables are set only through `bind*`,
 * which grants the matching IAM permissions in the same call.
 */

import { basename, join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type EnvName, EnvNames } from '../../shared/runtime/env-names';
import type { FunctionSpec } from '../../shared/topology';
import {
  type AwsSdkSource,
  esmRequireBanner,
  externalModules,
  lockFile,
  nodeTarget,
  repoRoot,
} from './bundling';

export interface PlatformFunctionProps {
  readonly spec: FunctionSpec;
  /** `${app}-${stage}`: prefix of the function name and Powertools service name. */
  readonly namePrefix: string;
  readonly stage: string;
  readonly logLevel: string;
  readonly vpc: IVpc;
  readonly securityGroups: readonly ISecurityGroup[];
  /** @default unreserved */
  readonly reservedConcurrency?: number;
  /** @default 'bundled' */
  readonly awsSdk?: AwsSdkSource;
  /** @default RetentionDays.ONE_MONTH (production: ONE_YEAR) */
  readonly logRetention?: RetentionDays;
}

export class PlatformFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      description: spec.description,
      entry: join(repoRoot, spec.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: 'app' },
      securityGroups: [...props.securityGroups],
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      environment: {
        [EnvNames.stage]: props.stage,
        [EnvNames.serviceName]: `${props.namePrefix}-${spec.name}`,
        [EnvNames.logLevel]: props.logLevel,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: nodeTarget,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        externalModules: externalModules(props.awsSdk ?? 'bundled'),
        ...(spec.bundledDirs?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                // Files the code reads at run time, beside the bundle under their own name.
                afterBundling: (inputDir: string, outputDir: string) =>
                  (spec.bundledDirs ?? []).map(
                    (dir) => `cp -R "${join(inputDir, dir)}" "${join(outputDir, basename(dir))}"`,
                  ),
              },
            }
          : {}),
      },
    });
    Validations.of(this.fn).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The AWS-managed basic execution policy only writes this function’s own CloudWatch logs.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'Lambda needs ENI create/describe/delete to run in the VPC; the actions cannot be scoped to resources.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime Nexus is built and tested for (DESIGN.md); moving to 24 is a deliberate, tested upgrade.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
      },
    );
  }

  /** Sets an environment variable; the only way handlers get their configuration. */
  setEnv(name: EnvName | 'NODE_EXTRA_CA_CERTS', value: string): void {
    this.fn.addEnvironment(name, value);
  }
}
