/**
 * Guards data against `cdk destroy` and replacement: every stateful resource (buckets, tables,
 * database clusters and instances outside one, KMS keys) must keep a RETAIN or SNAPSHOT deletion policy. A construct that forgets
 * it fails the synth with an error naming the resource, instead of losing data on deploy.
 */
import { Annotations, CfnDeletionPolicy, CfnResource, type IAspect } from 'aws-cdk-lib';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import type { IConstruct } from 'constructs';

const statefulTypes = new Set([
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::KMS::Key',
]);

const keeps = new Set([
  CfnDeletionPolicy.RETAIN,
  CfnDeletionPolicy.SNAPSHOT,
  CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE,
]);

export class StatefulResourcesRetained implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || !statefulTypes.has(node.cfnResourceType)) return;
    // An Aurora instance holds no data (its cluster's shared storage does, and is retained).
    if (node instanceof CfnDBInstance && node.dbClusterIdentifier !== undefined) return;
    const policy = node.cfnOptions.deletionPolicy;
    if (policy === undefined || !keeps.has(policy))
      Annotations.of(node).addError(
        `${node.cfnResourceType} must be retained (RemovalPolicy.RETAIN or SNAPSHOT): it holds data; got ${policy ?? 'Delete'}`,
      );
  }
}
