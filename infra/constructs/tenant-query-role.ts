/**
 * The tenant-query role of a function stack: what the stack's query functions assume, with a
 * per-tenant session policy (shared/adapters/aws/tenant-query-policy.ts), to run a tenant's
 * Athena queries. Its own policy is the union of what any session policy may grant, on the lake's
 * resources only; it trusts exactly the roles of the stack's `queryEngine` functions.
 */
import { Arn, Stack } from 'aws-cdk-lib';
import { ArnPrincipal, type IRole, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import { CURATED_ZONE } from '../../shared/domain/lake/lake-layout';
import { acknowledgeWildcardResource } from './explicit-grants';
import type { PlatformFunction } from './platform-function';
import type { LakeCatalogAccess } from './resource-bindings';

export interface TenantQueryRoleProps {
  readonly roleName: string;
  readonly catalog: LakeCatalogAccess;
  readonly curatedBucket: IBucket;
  readonly queryResultsBucket: IBucket;
}

/** What the adapter's AssumeRole needs of trust and caller: it tags each session `tenant=<id>`. */
const assumeActions = ['sts:AssumeRole', 'sts:TagSession'];

export class TenantQueryRole extends Construct {
  /** The stack's one tenant-query role, created by its first query function. */
  static of(fn: PlatformFunction, props: TenantQueryRoleProps): TenantQueryRole {
    const stack = Stack.of(fn);
    const existing = stack.node.tryFindChild('TenantQueryRole');
    return existing instanceof TenantQueryRole
      ? existing
      : new TenantQueryRole(stack, 'TenantQueryRole', props);
  }

  private role?: Role;

  private constructor(
    scope: Construct,
    id: string,
    private readonly props: TenantQueryRoleProps,
  ) {
    super(scope, id);
  }

  get roleArn(): string {
    if (!this.role) throw new Error('The tenant-query role trusts no function yet');
    return this.role.roleArn;
  }

  /** Lets the function assume this role (trust and identity policy both name the other side). */
  trust(fn: PlatformFunction): void {
    const caller = fn.fn.role;
    if (!caller) throw new Error(`${fn.spec.name} has no role to trust`);
    const role = this.role ?? this.create(caller);
    if (this.role)
      role.assumeRolePolicy?.addStatements(
        new PolicyStatement({ actions: assumeActions, principals: [new ArnPrincipal(caller.roleArn)] }),
      );
    this.role = role;
    fn.fn.addToRolePolicy(new PolicyStatement({ actions: assumeActions, resources: [role.roleArn] }));
  }

  private create(firstCaller: IRole): Role {
    const { catalog, curatedBucket, queryResultsBucket, roleName } = this.props;
    const stack = Stack.of(this);
    const role = new Role(this, 'Role', {
      roleName,
      description: "Assumed per tenant with a session policy; runs that tenant's Athena queries.",
      assumedBy: new ArnPrincipal(firstCaller.roleArn).withSessionTags(),
    });
    const lakeObjects = curatedBucket.arnForObjects(`${CURATED_ZONE}/tenant=*`);
    const resultObjects = queryResultsBucket.arnForObjects('athena/tenant=*');
    const glue = (resource: string, resourceName?: string) =>
      Arn.format(definedProps({ service: 'glue', resource, resourceName }), stack);
    const tables = glue('table', `${catalog.glueDatabaseName}/*`);
    const statements = [
      new PolicyStatement({ sid: 'Lake', actions: ['s3:GetObject'], resources: [lakeObjects] }),
      new PolicyStatement({
        sid: 'LakeList',
        actions: ['s3:ListBucket'],
        resources: [curatedBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${CURATED_ZONE}/tenant=*`] } },
      }),
      new PolicyStatement({
        sid: 'Results',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [resultObjects],
      }),
      new PolicyStatement({
        sid: 'Buckets',
        actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [curatedBucket.bucketArn, queryResultsBucket.bucketArn],
      }),
      new PolicyStatement({
        sid: 'Catalog',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [
          glue('catalog'),
          glue('database', catalog.glueDatabaseName),
          glue('database', catalog.sandboxDatabaseName),
          tables,
        ],
      }),
      new PolicyStatement({
        sid: 'Queries',
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [
          Arn.format(
            { service: 'athena', resource: 'workgroup', resourceName: catalog.athenaWorkgroupName },
            stack,
          ),
        ],
      }),
    ];
    const keys = [
      ...new Set([curatedBucket.encryptionKey?.keyArn, queryResultsBucket.encryptionKey?.keyArn]),
    ].filter((k): k is string => k !== undefined);
    if (keys.length)
      statements.push(
        new PolicyStatement({
          sid: 'Keys',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: keys,
        }),
      );
    for (const s of statements) role.addToPrincipalPolicy(s);
    acknowledgeWildcardResource(
      this,
      lakeObjects,
      'Every tenant’s lake prefix: the session policy of each assumption narrows it to one tenant.',
    );
    acknowledgeWildcardResource(
      this,
      resultObjects,
      'Every tenant’s results prefix: the session policy of each assumption narrows it to one tenant.',
    );
    acknowledgeWildcardResource(
      this,
      tables,
      'Tenant datasets get Glue tables at run time; the session policy narrows them to the tenant’s own and the shared ones.',
    );
    return role;
  }
}
