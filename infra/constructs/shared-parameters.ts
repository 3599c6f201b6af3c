/**
 * Cross-stack values through SSM parameters instead of CloudFormation exports: a data stack
 * publishes a value, a function stack reads it at deploy time. No export ever blocks a change
 * ("Export ... cannot be updated as it is in use"), and a data stack never learns who reads it.
 */
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { Deployment } from '../config/deployment-config';
import { physicalNames } from '../config/physical-names';

/** The values data stacks share; each is one SSM parameter `/${app}/${stage}/${key}`. */
export type SharedValue =
  | `app-subnet-${number}`
  | 'function-security-group-id'
  | 'model-security-group-id'
  | 'data-key-arn'
  | 'alarm-key-arn'
  | 'access-logs-bucket-name'
  | 'db-proxy-arn'
  /** The proxy's endpoint, or the cluster's writer endpoint in stages without a proxy. */
  | 'db-host'
  /** The cluster's resource id (`rds-db:connect` names it) in stages without a proxy. */
  | 'db-resource-id'
  /** The cluster and the secret the RDS Data API signs in with, in `data-api` stages. */
  | 'db-cluster-arn'
  | 'db-secret-arn'
  | 'raw-bucket-name'
  | 'curated-bucket-name'
  | 'upload-bucket-name'
  | 'quarantine-bucket-name'
  | 'query-results-bucket-name'
  | 'bootstrap-secret-arn'
  | 'unsubscribe-key-secret-arn'
  | 'report-files-bucket-name';

/** Writes the value to its parameter, in the producing (data) stack. */
export function publishValue(scope: Construct, d: Deployment, key: SharedValue, value: string): void {
  new StringParameter(scope, `Shared-${key}`, {
    parameterName: physicalNames(d).parameter(key),
    stringValue: value,
    description: `Nexus ${d.stage}: ${key}, read by the function stacks at deploy time`,
  });
}

/** The value as a deploy-time parameter of the consuming stack (one per stack and key). */
export function readValue(scope: Construct, d: Deployment, key: SharedValue): string {
  return StringParameter.valueForStringParameter(scope, physicalNames(d).parameter(key));
}
