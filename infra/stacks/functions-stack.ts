/**
 * A function stack holding one topology domain's functions and nothing stateful, so a code
 * deploy touches no data: `platform` (the migrate-database Trigger, deployed after the Platform
 * stack's database, proxy and ingress rule), `ingestion` (ingest, authorizer, uploads) and
 * `lake` (the lake writer on the event stream).
 */
import { Stack } from 'aws-cdk-lib';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { type Domain, functions } from '../../shared/topology';
import { physicalNames } from '../config/physical-names';
import { DomainFunctions } from '../constructs/domain-functions';
import { ImportedResources } from '../constructs/imported-resources';
import type { FunctionStackProps } from './nexus-stack-props';

export interface FunctionsStackProps extends FunctionStackProps {
  readonly domain: Domain;
}

/** Whether a domain has a function on a schedule (its stack then deploys after the schedule group). */
export function domainHasSchedules(domain: Domain): boolean {
  return functions.some(
    (fn) => fn.domain === domain && (fn.eventSources ?? []).some((source) => source.kind === 'schedule'),
  );
}

export class FunctionsStack extends Stack {
  readonly functions: DomainFunctions;
  readonly domain: Domain;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    this.domain = props.domain;
    const imports = new ImportedResources(this, props.deployment, props.network);
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: props.domain,
      deployment: props.deployment,
      imports,
      // Scheduled functions (e.g. the lake compactor) share the Reporting stack's schedule group.
      ...(domainHasSchedules(props.domain) && {
        scheduleGroup: ScheduleGroup.fromScheduleGroupName(
          this,
          'Schedules',
          physicalNames(props.deployment).scheduleGroup,
        ),
      }),
    });
  }
}
