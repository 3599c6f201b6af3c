/**
 * Insights: the analytics model served on SageMaker. The container image is built from
 * `functions/model-server` (DockerImageAsset: built and pushed at deploy time, synthesized
 * without Docker), one SageMaker Model per production variant (its model version in the
 * environment, network-isolated, in the VPC), an encrypted EndpointConfig whose variant weights
 * implement A/B tests, the Endpoint, target-tracking autoscaling per variant, and the insights
 * functions of the topology.
 */

import { IgnoreMode, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PredefinedMetric, ScalableTarget, ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnEndpoint, CfnEndpointConfig, CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import { physicalNames } from '../config/physical-names';
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
  readonly variantNames: readonly string[];
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
    // The endpoint's log group is the stack's (retention set, no logs:CreateLogGroup needed):
    // SageMaker writes container logs to `/aws/sagemaker/Endpoints/<endpoint name>`.
    const endpointLogs = new LogGroup(this, 'EndpointLogs', {
      logGroupName: `/aws/sagemaker/Endpoints/${endpointName}`,
      retention: config.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [endpointLogs.logGroupArn],
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
    // than one variant (deployment-config.ts refuses A/B variants with it).
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
    const endpointConfig = new CfnEndpointConfig(this, 'EndpointConfig', {
      // Serverless endpoints have no storage volume to encrypt (and refuse a key).
      ...definedProps({ kmsKeyId: serverless ? undefined : imports.dataKey.keyArn }),
      productionVariants: variants.map(({ variant, model }) => ({
        variantName: variant.name,
        modelName: model.attrModelName,
        initialVariantWeight: variant.weight,
        ...definedProps({
          serverlessConfig: serverless
            ? {
                memorySizeInMb: config.insights.serverlessMemoryGb * 1024,
                maxConcurrency: config.insights.serverlessMaxConcurrency,
              }
            : undefined,
          initialInstanceCount: serverless ? undefined : variant.minInstances,
          instanceType: serverless ? undefined : variant.instanceType,
        }),
      })),
    });
    if (serverless)
      Validations.of(endpointConfig).acknowledge({
        id: 'AwsSolutions-SM2',
        reason: 'A serverless endpoint has no instance storage volume; SageMaker refuses a KMS key for it.',
      });
    const endpoint = new CfnEndpoint(this, 'Endpoint', {
      endpointName,
      endpointConfigName: endpointConfig.attrEndpointConfigName,
    });
    // The log group exists before the first container starts writing to it.
    endpoint.node.addDependency(endpointLogs);

    // Instances scale on invocations per instance; a serverless endpoint scales itself.
    for (const { variant } of serverless ? [] : variants) {
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

    this.modelEndpoint = { endpointName };
    this.variantNames = variants.map(({ variant }) => variant.name);
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'insights',
      deployment: props.deployment,
      imports,
    });
  }
}
