import { describe, expect, it } from 'vitest';
import type { CostReport, Deployment, LineItem } from '../../../../scripts/cost/cost-model';
import { lowerBound, scaleReachingGoal } from '../../../../scripts/cost/lower-bound';

/** A month of `millions` M events: a fixed database, a fixed proxy and a variable $ per M. */
function report(millions: number, database: number, variablePerM: number): CostReport {
  const items: LineItem[] = [
    { component: 'Aurora Serverless v2 (Postgres)', fixed: database, variable: 0, note: '' },
    { component: 'RDS Proxy', fixed: 10, variable: 0, note: '' },
    { component: 'S3 requests', fixed: 0, variable: variablePerM * millions, note: '' },
  ];
  const fixed = database + 10;
  const variable = variablePerM * millions;
  return {
    eventsPerMonth: millions * 1e6,
    items,
    fixed,
    variable,
    total: fixed + variable,
    perMillionEvents: (fixed + variable) / millions,
    dominant: items[0] as LineItem,
  };
}

const shape = {
  stage: 'prod',
  database: { minAcu: 0.5, multiAz: true, proxy: true, storageGb: 2 },
  lifecycle: { infrequentAccessAfterDays: 30, glacierAfterDays: 365 },
} as Deployment;

describe('lower-bound analysis', () => {
  it('finds the first scale at which the month reaches the goal', () => {
    // $110 fixed + $0.1/M: <= $0.20/M from 1100M events, i.e. 11x a 100M-event month.
    const factor = scaleReachingGoal((f) => report(100 * f, 100, 0.1));
    expect(factor).toBeGreaterThanOrEqual(11);
    expect(factor).toBeLessThan(11 * 1.011);
    // A variable part above the goal never reaches it.
    expect(scaleReachingGoal((f) => report(100 * f, 100, 0.3))).toBeUndefined();
  });

  it('states the budget, the database floor against it and the scale that reaches the goal', () => {
    const lines = lowerBound(report(100, 100, 0.1), shape, (f) => report(100 * f, 100, 0.1));
    const text = lines.join('\n');
    // 100M events at $0.20/M: $20 for the whole month; the database alone is 5x that.
    expect(text).toContain('is $20.00 for the whole month');
    expect(text).toContain('$100.00/month = 5.00x the whole budget');
    expect(text).toMatch(/not reachable at this workload while production keeps a Multi-AZ/);
    expect(lines.at(-1)).toMatch(/reached from 11\.\dx this workload/);
  });

  it('says so when the workload already meets the goal', () => {
    const lines = lowerBound(report(10_000, 100, 0.1), shape, (f) => report(10_000 * f, 100, 0.1));
    expect(lines.at(-1)).toMatch(/reached at this workload: \$0\.11\/M/);
  });
});
