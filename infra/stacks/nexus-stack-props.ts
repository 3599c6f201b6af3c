/** Props every Nexus domain stack takes: which deployment it belongs to. */
import type { StackProps } from 'aws-cdk-lib';
import type { Deployment } from '../config/deployment-config';

export interface NexusStackProps extends StackProps {
  readonly deployment: Deployment;
}

/** `${app}-${stage}`: prefix of physical names and Powertools service names. */
export function namePrefix(d: Deployment): string {
  return `${d.app}-${d.stage}`;
}
