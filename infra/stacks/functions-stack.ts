/**
 * A function stack holding one topology domain's functions and nothing stateful, so a code
 * deploy touches no data: `platform` (the migrate-database Trigger, deployed after the Platform
 * stack's database, proxy and ingress rule), `ingestion` (ingest, authorizer, uploads) and
 * `lake` (the lake writer on the event stream).
 */
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Domain } from '../../shared/topology';
import { DomainFunctions } from '../constructs/domain-functions';
import { ImportedResources } from '../constructs/imported-resources';
import type { FunctionStackProps } from './nexus-stack-props';

export interface FunctionsStackProps extends FunctionStackProps {
  readonly domain: Domain;
}

export class FunctionsStack extends Stack {
  readonly functions: DomainFunctions;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    const imports = new ImportedResources(this, props.deployment, props.network);
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: props.domain,
      deployment: props.deployment,
      imports,
    });
  }
}
