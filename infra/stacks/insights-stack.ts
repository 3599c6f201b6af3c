/**
 * Insights: the analytics model served on SageMaker. The container image is built from
 * `functions/model-server` (DockerImageAsset: built and pushed at deploy time, synthesized
 * without Docker), one SageMaker Model per variant (its model version in the environment), and
 * either one Serverless Inference endpoint per variant, billed per request, between which the
 * callers split the traffic by the registry's weights (issue 13), or, with `hosting: instances`,
 * one encrypted endpoint of network-isolated instances in the VPC with a production variant each
 * and target-tracking autoscaling; and the insights functions of the topology.
 */

import { IgnoreMode, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PredefinedMetric, ScalableTarget, ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnEndpoint, CfnEndpointConfig, CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import { variantEndpointName } from '../../shared/domain/models/variant-split';
import { physicalNames } from '../config/physical-names';
import { modelServing } from '../config/stage-resources';
import { repoRoot } from '../constructs/bundling';
import { DomainFunctions } from '../constructs/domain-functions';
import { ImportedResources } from '../constructs/imported-resources';
import type { ModelEndpointAccess } from '../constructs/resource-bindings';
import type { FunctionStackProps } from './nexus-stack-props';

export interface InsightsStackProps extends FunctionStackProps {}

/** The model name the registry and every inference response use. */
export const analyticsModelName = 'nexus-analytics';

export class InsightsStack extends Stack {
  readonly modelEndpoint: ModelEndpointAccess;
  readonly functions: DomainFunctions;

  constructor(scope: Construct, id: string, props: InsightsStackProps) {
    super(scope, id, props);
    const { config } = props.deployment;
    const endpointName = physicalNames(props.deployment).modelEndpoint;
    const imports = new ImportedResources(this, props.deployment, props.network);

    // Only the prebuilt bundle and the Dockerfile are sent to Docker (see the Dockerfile header).
    const image = new DockerImageAsset(this, 'ModelServerImage', {
      directory: repoRoot,
      file: 'functions/model-server/Dockerfile',
      platform: Platform.LINUX_ARM64,
      ignoreMode: IgnoreMode.GLOB,
      exclude: [
        '**',
        '!dist',
        '!dist/model-server',
        '!dist/model-server/**',
        '!functions',
        '!functions/model-server',
        '!functions/model-server/Dockerfile',
      ],
    });

    const role = new Role(this, 'ModelExecutionRole', {
      assumedBy: new ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'SageMaker hosting of the Nexus model server',
    });
    image.repository.grantPull(role);
    imports.dataKey.grantEncryptDecrypt(role);
    // Each endpoint's log group is the stack's (retention set, no logs:CreateLogGroup needed):
    // SageMaker writes container logs to `/aws/sagemaker/Endpoints/<endpoint name>`.
    const serving = modelServing(config, endpointName);
    const endpointNames = [...new Set(serving.variants.map((v) => v.endpointName))];
    const endpointLogs = new Map(
      endpointNames.map((name) => [
        name,
        new LogGroup(this, name === endpointName ? 'EndpointLogs' : `EndpointLogs-${name}`, {
          logGroupName: `/aws/sagemaker/Endpoints/${name}`,
          retention: config.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ]),
    );
    const logsOf = (name: string): LogGroup => {
      const logs = endpointLogs.get(name);
      if (!logs) throw new Error(`no log group for endpoint ${name}`);
      return logs;
    };
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [...endpointLogs.values()].map((logs) => logs.logGroupArn),
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          'cloudwatch:PutMetricData',
          'ec2:CreateNetworkInterface',
          'ec2:CreateNetworkInterfacePermission',
          'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeVpcs',
          'ec2:DescribeDhcpOptions',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ECR GetAuthorizationToken, CloudWatch PutMetricData and the VPC ENI actions SageMaker needs support no resource-level permissions.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Endpoint storage volumes are encrypted with the platform data key; scoped to that key.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Endpoint storage volumes are encrypted with the platform data key; scoped to that key.',
      },
    );

    // Serverless Inference supports neither VPC configuration nor network isolation nor more
    // than one production variant per endpoint (each variant gets its own endpoint below).
    const serverless = config.insights.hosting === 'serverless';
    const subnets = serverless ? undefined : imports.vpc.selectSubnets({ subnetGroupName: 'app' });
    const variants = config.insights.variants.map((variant) => {
      const model = new CfnModel(this, `Model-${variant.name}`, {
        executionRoleArn: role.roleArn,
        ...definedProps({
          enableNetworkIsolation: subnets ? true : undefined,
          vpcConfig: subnets && {
            subnets: subnets.subnetIds,
            securityGroupIds: [imports.modelSecurityGroup.securityGroupId],
          },
        }),
        primaryContainer: {
          image: image.imageUri,
          environment: { MODEL_NAME: analyticsModelName, MODEL_VERSION: variant.modelVersion },
        },
      });
      model.node.addDependency(role);
      if (serverless)
        Validations.of(model).acknowledge(
          {
            id: 'AwsSolutions-SM1',
            reason:
              'Serverless Inference (insights.hosting) runs outside any VPC; the container calls nothing, it only answers invocations.',
          },
          {
            id: 'AwsSolutions-SM3',
            reason:
              'Serverless Inference does not support network isolation; the container makes no outbound calls.',
          },
        );
      return { variant, model };
    });
    if (serverless) {
      // Serverless Inference serves one production variant per endpoint: an endpoint per variant,
      // and the callers split the traffic by the registry's weights (stage-resources modelServing).
      for (const { variant, model } of variants) {
        const endpointConfig = new CfnEndpointConfig(this, `EndpointConfig-${variant.name}`, {
          productionVariants: [
            {
              variantName: variant.name,
              modelName: model.attrModelName,
              initialVariantWeight: 1,
              serverlessConfig: {
                memorySizeInMb: config.insights.serverlessMemoryGb * 1024,
                maxConcurrency: config.insights.serverlessMaxConcurrency,
              },
            },
          ],
        });
        Validations.of(endpointConfig).acknowledge({
          id: 'AwsSolutions-SM2',
          reason: 'A serverless endpoint has no instance storage volume; SageMaker refuses a KMS key for it.',
        });
        const name = variantEndpointName(endpointName, variant.name);
        const variantEndpoint = new CfnEndpoint(this, `Endpoint-${variant.name}`, {
          endpointName: name,
          endpointConfigName: endpointConfig.attrEndpointConfigName,
        });
        // The log group exists before the first container starts writing to it.
        variantEndpoint.node.addDependency(logsOf(name));
      }
    } else {
      const endpointConfig = new CfnEndpointConfig(this, 'EndpointConfig', {
        kmsKeyId: imports.dataKey.keyArn,
        productionVariants: variants.map(({ variant, model }) => ({
          variantName: variant.name,
          modelName: model.attrModelName,
          initialVariantWeight: variant.weight,
          initialInstanceCount: variant.minInstances,
          instanceType: variant.instanceType,
        })),
      });
      const endpoint = new CfnEndpoint(this, 'Endpoint', {
        endpointName,
        endpointConfigName: endpointConfig.attrEndpointConfigName,
      });
      // The log group exists before the first container starts writing to it.
      endpoint.node.addDependency(logsOf(endpointName));

      // Instances scale on invocations per instance; a serverless endpoint scales itself.
      for (const { variant } of variants) {
        const target = new ScalableTarget(this, `Scaling-${variant.name}`, {
          serviceNamespace: ServiceNamespace.SAGEMAKER,
          resourceId: `endpoint/${endpointName}/variant/${variant.name}`,
          scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
          minCapacity: variant.minInstances,
          maxCapacity: Math.max(variant.minInstances, variant.maxInstances),
        });
        target.node.addDependency(endpoint);
        target.scaleToTrackMetric('InvocationsPerInstance', {
          predefinedMetric: PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
          targetValue: 1000,
        });
      }
    }

    this.modelEndpoint = serving;
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'insights',
      deployment: props.deployment,
      imports,
    });
  }
}
