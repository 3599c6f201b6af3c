/** Props every Nexus domain stack takes: which deployment it belongs to, and where functions run. */
import type { StackProps } from 'aws-cdk-lib';
import type { Deployment } from '../config/deployment-config';
import type { FunctionPlacement } from '../constructs/domain-functions';
import type { DatabaseAccess } from '../constructs/resource-bindings';

export interface NexusStackProps extends StackProps {
  readonly deployment: Deployment;
}

/** `${app}-${stage}`: prefix of physical names and Powertools service names. */
export function namePrefix(d: Deployment): string {
  return `${d.app}-${d.stage}`;
}

/** Props of a stack that deploys topology functions: the Platform stack's network, key and database. */
export interface FunctionStackProps extends NexusStackProps {
  readonly placement: FunctionPlacement;
  readonly database: DatabaseAccess;
}
