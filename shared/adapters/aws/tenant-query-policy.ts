/**
 * The session policy a tenant's queries run under in AWS: the query function assumes the
 * tenant-query role with this policy, so the credentials Athena acts with can read only the
 * tenant's lake prefix, only the Glue tables it may query, and write results only under the
 * tenant's own results prefix. Even SQL that escaped every guard reads no other tenant's
 * objects: S3 refuses them. (Effective permissions are the role's policy AND this one.)
 */
import type { PolicyDocument } from 'aws-lambda';
import { CURATED_ZONE } from '../../domain/lake/lake-layout';
import { lakeTableName } from '../../domain/lake/lake-tables';

export interface TenantQueryPolicyOptions {
  readonly tenantId: string;
  readonly partition?: string;
  readonly region: string;
  readonly account: string;
  readonly curatedBucket: string;
  readonly resultsBucket: string;
  readonly glueDatabase: string;
  /** The empty default database unqualified names resolve in (see AthenaQueryEngine). */
  readonly sandboxDatabase: string;
  readonly workgroup: string;
  /** Datasets every tenant shares a Glue table of (rows filtered and prefixes split by tenant). */
  readonly sharedTables: readonly string[];
}

/** Where Athena writes the tenant's query results. */
export function tenantResultsPrefix(tenantId: string): string {
  return `athena/tenant=${tenantId}/`;
}

/** STS limits a packed session policy to 2,048 characters; wildcards keep it independent of the dataset count. */
export const maxSessionPolicyLength = 2048;

export function tenantQueryPolicy(o: TenantQueryPolicyOptions): PolicyDocument {
  const partition = o.partition ?? 'aws';
  const lakePrefix = `${CURATED_ZONE}/tenant=${o.tenantId}/`;
  const resultsPrefix = tenantResultsPrefix(o.tenantId);
  const glue = `arn:${partition}:glue:${o.region}:${o.account}`;
  // The tenant's own tables share a name prefix: `t_<tenant hex>__<dataset>`.
  const ownTables = lakeTableName(o.tenantId, '*');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Lake',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [`arn:${partition}:s3:::${o.curatedBucket}/${lakePrefix}*`],
      },
      {
        Sid: 'ListLake',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:${partition}:s3:::${o.curatedBucket}`],
        Condition: { StringLike: { 's3:prefix': [`${lakePrefix}*`] } },
      },
      {
        Sid: 'Results',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: [`arn:${partition}:s3:::${o.resultsBucket}/${resultsPrefix}*`],
      },
      {
        Sid: 'Buckets',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        Resource: [`arn:${partition}:s3:::${o.curatedBucket}`, `arn:${partition}:s3:::${o.resultsBucket}`],
      },
      {
        Sid: 'Catalog',
        Effect: 'Allow',
        Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
        Resource: [
          `${glue}:catalog`,
          `${glue}:database/${o.glueDatabase}`,
          `${glue}:database/${o.sandboxDatabase}`,
          `${glue}:table/${o.glueDatabase}/${ownTables}`,
          ...o.sharedTables.map((table) => `${glue}:table/${o.glueDatabase}/${table}`),
        ],
      },
      {
        Sid: 'Queries',
        Effect: 'Allow',
        Action: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        Resource: [`arn:${partition}:athena:${o.region}:${o.account}:workgroup/${o.workgroup}`],
      },
      {
        // Lake and results are KMS-encrypted; which keys is up to the role's own policy.
        Sid: 'Keys',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: ['*'],
      },
    ],
  };
}
