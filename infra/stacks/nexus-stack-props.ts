/** Props every Nexus stack takes: which deployment it belongs to; function stacks also the VPC's shape. */
import type { StackProps } from 'aws-cdk-lib';
import type { Deployment } from '../config/deployment-config';
import { physicalNames } from '../config/physical-names';
import type { NetworkShape } from '../constructs/imported-resources';

export interface NexusStackProps extends StackProps {
  readonly deployment: Deployment;
}

/** `${app}-${stage}`: prefix of physical names and Powertools service names. */
export function namePrefix(d: Deployment): string {
  return physicalNames(d).prefix;
}

/**
 * Props of a stack that deploys topology functions. It imports everything else from the data
 * stacks by SSM parameter and physical name (ImportedResources), so it needs only the VPC's
 * shape, a synth-time fact.
 */
export interface FunctionStackProps extends NexusStackProps {
  readonly network: NetworkShape;
}
