/**
 * What a function stack sees of the data stacks: the network, keys, database proxy, buckets,
 * stream and tables, imported from SSM parameters and physical names (never from
 * CloudFormation exports), created lazily so a stack imports only what its functions need.
 */
import { Arn, ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type ISecurityGroup, type IVpc, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { type IStream, Stream } from 'aws-cdk-lib/aws-kinesis';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { DatabaseProxy } from 'aws-cdk-lib/aws-rds';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import type { Deployment } from '../config/deployment-config';
import {
  databaseAppUser,
  databaseName,
  databasePort,
  databaseUserFor,
  physicalNames,
} from '../config/physical-names';
import { modelServing } from '../config/stage-resources';
import type { FunctionPlacement } from './domain-functions';
import { type DatabaseAccess, grantClusterConnect, type NexusResources } from './resource-bindings';
import { readValue, type SharedValue } from './shared-parameters';

/** The VPC's shape, known at synth time: one `app` subnet per availability zone. */
export interface NetworkShape {
  readonly availabilityZones: readonly string[];
}

export class ImportedResources {
  private readonly made = new Map<string, unknown>();
  private readonly names;
  /** Every resource a topology need can name, each imported on first use. */
  readonly resources: NexusResources;

  constructor(
    private readonly scope: Construct,
    private readonly deployment: Deployment,
    private readonly network: NetworkShape,
  ) {
    this.names = physicalNames(deployment);
    const self = this;
    const bucket = (id: string, key: SharedValue) =>
      self.once(id, () =>
        Bucket.fromBucketAttributes(scope, id, {
          bucketName: self.read(key),
          encryptionKey: self.dataKey,
        }),
      );
    const table = (id: string, tableName: string) =>
      self.once(id, () => Table.fromTableAttributes(scope, id, { tableName, encryptionKey: self.dataKey }));
    const queue = (id: string, queueName: string) =>
      self.once(id, () => {
        const stack = Stack.of(scope);
        return Queue.fromQueueAttributes(scope, id, {
          queueArn: stack.formatArn({
            service: 'sqs',
            resource: queueName,
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
          queueUrl: `https://sqs.${stack.region}.${stack.urlSuffix}/${stack.account}/${queueName}`,
          keyArn: self.dataKey.keyArn,
        });
      });
    const config = deployment.config;
    this.resources = {
      get database(): DatabaseAccess {
        return self.database;
      },
      get eventStream(): IStream {
        return self.eventStream;
      },
      get rawBucket(): IBucket {
        return bucket('ImportedRawBucket', 'raw-bucket-name');
      },
      get curatedBucket(): IBucket {
        return bucket('ImportedCuratedBucket', 'curated-bucket-name');
      },
      get uploadBucket(): IBucket {
        return bucket('ImportedUploadBucket', 'upload-bucket-name');
      },
      get quarantineBucket(): IBucket {
        return bucket('ImportedQuarantineBucket', 'quarantine-bucket-name');
      },
      get queryResultsBucket(): IBucket {
        return bucket('ImportedQueryResultsBucket', 'query-results-bucket-name');
      },
      get reportFilesBucket(): IBucket {
        return bucket('ImportedReportFilesBucket', 'report-files-bucket-name');
      },
      get rateLimitTable(): ITable {
        return table('ImportedRateLimitTable', self.names.rateLimitTable);
      },
      get rollupTable(): ITable {
        return table('ImportedRollupTable', self.names.rollupTable);
      },
      get deliveryTable(): ITable {
        return table('ImportedDeliveryTable', self.names.deliveryTable);
      },
      get deliveryQueue(): IQueue {
        return queue('ImportedDeliveryQueue', self.names.deliveryQueue);
      },
      get deliveryDeadLetterQueue(): IQueue {
        return queue('ImportedDeliveryDeadLetterQueue', self.names.deliveryDeadLetterQueue);
      },
      publicApiUrl: config.api.publicUrl ?? `https://api.${config.reporting.mailFromDomain}`,
      lakeCatalog: {
        glueDatabaseName: this.names.glueDatabase,
        sandboxDatabaseName: this.names.glueSandboxDatabase,
        athenaWorkgroupName: this.names.athenaWorkgroup,
      },
      modelEndpoint: modelServing(config, this.names.modelEndpoint),
      get unsubscribeKey() {
        return { secretArn: self.read('unsubscribe-key-secret-arn'), key: self.dataKey };
      },
      get bootstrapSecret() {
        return { secretArn: self.read('bootstrap-secret-arn'), key: self.dataKey };
      },
      tenantQueryRoleName: this.names.tenantQueryRole,
      reportScheduler: {
        groupName: this.names.scheduleGroup,
        roleArn: Arn.format(
          { service: 'iam', region: '', resource: 'role', resourceName: this.names.reportSchedulerRole },
          Stack.of(scope),
        ),
        runnerArn: Arn.format(
          {
            service: 'lambda',
            resource: 'function',
            resourceName: this.names.function('report-runner'),
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          },
          Stack.of(scope),
        ),
      },
      mailer: {
        identityName: config.reporting.mailFromDomain,
        fromAddress: `${config.reporting.mailFromUser}@${config.reporting.mailFromDomain}`,
        configurationSetName: this.names.mailConfigurationSet,
      },
    };
  }

  private once<T>(id: string, make: () => T): T {
    if (!this.made.has(id)) this.made.set(id, make());
    return this.made.get(id) as T;
  }

  private read(key: SharedValue): string {
    return readValue(this.scope, this.deployment, key);
  }

  get dataKey(): IKey {
    return this.once('ImportedDataKey', () =>
      Key.fromKeyArn(this.scope, 'ImportedDataKey', this.read('data-key-arn')),
    );
  }

  /** The SageMaker models' security group (no inbound, no outbound beyond the VPC endpoints). */
  get modelSecurityGroup(): ISecurityGroup {
    return this.once('ImportedModelSecurityGroup', () =>
      SecurityGroup.fromSecurityGroupId(
        this.scope,
        'ImportedModelSecurityGroup',
        this.read('model-security-group-id'),
        { mutable: false },
      ),
    );
  }

  get alarmKey(): IKey {
    return this.once('ImportedAlarmKey', () =>
      Key.fromKeyArn(this.scope, 'ImportedAlarmKey', this.read('alarm-key-arn')),
    );
  }

  /** The platform VPC's app subnets (what Lambda functions and SageMaker models are placed in). */
  get vpc(): IVpc {
    return this.once('ImportedVpc', () => {
      const azs = [...this.network.availabilityZones];
      return Vpc.fromVpcAttributes(this.scope, 'ImportedVpc', {
        // Lambda needs subnets and security groups only; security groups are the Platform stack's.
        vpcId: Lazy.string({
          produce: () => {
            throw new Error('A function stack creates no VPC resources: add them to the Platform stack');
          },
        }),
        availabilityZones: azs,
        isolatedSubnetIds: azs.map((_, i) => this.read(`app-subnet-${i}`)),
        isolatedSubnetNames: ['app'],
      });
    });
  }

  get placement(): FunctionPlacement {
    return this.once('placement', () => {
      const vpc = this.vpc;
      const securityGroup = SecurityGroup.fromSecurityGroupId(
        this.scope,
        'ImportedFunctionSecurityGroup',
        this.read('function-security-group-id'),
        // Its rules belong to the Platform stack; a function stack never edits them.
        { mutable: false },
      );
      const self = this;
      return {
        vpc,
        securityGroup,
        get dataKey(): IKey {
          return self.dataKey;
        },
      };
    });
  }

  /** Through RDS Proxy as the admin, or (stages without a proxy) straight to the cluster as the IAM login. */
  get database(): DatabaseAccess {
    return this.once('database', () => {
      const user = databaseUserFor(this.deployment.config.database);
      if (this.deployment.config.database.proxy) {
        const host = this.read('db-host');
        const proxy = DatabaseProxy.fromDatabaseProxyAttributes(this.scope, 'ImportedDatabaseProxy', {
          dbProxyArn: this.read('db-proxy-arn'),
          dbProxyName: this.names.dbProxy,
          endpoint: host,
          securityGroups: [],
        });
        return {
          host,
          databaseName,
          user,
          port: databasePort,
          grantConnect: (grantee) => proxy.grantConnect(grantee, user),
        };
      }
      // Read on use: a stack whose functions all use the Data API reads no connection parameter,
      // and one with only the migrations reads no Data API parameter (unused ones fail validation).
      const self = this;
      const dataApi =
        this.deployment.config.database.access === 'data-api'
          ? {
              get clusterArn() {
                return self.read('db-cluster-arn');
              },
              get secretArn() {
                return self.read('db-secret-arn');
              },
              get key() {
                return self.dataKey;
              },
              appUser: databaseAppUser,
            }
          : undefined;
      return {
        get host() {
          return self.read('db-host');
        },
        databaseName,
        user,
        port: databasePort,
        grantConnect: (grantee) => grantClusterConnect(grantee, self.read('db-resource-id'), user),
        ...definedProps({ dataApi }),
      };
    });
  }

  get eventStream(): IStream {
    return this.once('ImportedEventStream', () =>
      Stream.fromStreamAttributes(this.scope, 'ImportedEventStream', {
        streamArn: Stack.of(this.scope).formatArn({
          service: 'kinesis',
          resource: 'stream',
          resourceName: this.names.eventStream,
        }),
        encryptionKey: this.dataKey,
      }),
    );
  }

  /** The alarm topic of the Observability stack (deployed before every function stack). */
  get alarmTopic(): ITopic {
    return this.once('ImportedAlarmTopic', () =>
      Topic.fromTopicArn(
        this.scope,
        'ImportedAlarmTopic',
        Stack.of(this.scope).formatArn({
          service: 'sns',
          resource: this.names.alarmTopic,
          arnFormat: ArnFormat.NO_RESOURCE_NAME,
        }),
      ),
    );
  }
}
