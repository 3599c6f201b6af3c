/**
 * The lower-bound analysis `npm run cost` prints below its table: what the goal (<= $0.20 per
 * million events) allows for the whole month at the workload, against the fixed floor a
 * production stage cannot drop (first of all a Multi-AZ relational database), and the scale at
 * which the stage as configured reaches the goal. Pure: figures come from the cost reports.
 */
import type { CostReport, Deployment, LineItem } from './cost-model';

export const goalPerMillionEvents = 0.2;

const usd = (x: number) => `$${x.toFixed(2)}`;
const millions = (events: number) => `${(events / 1e6).toFixed(1)}M`;

/** The smallest factor on a 1 % geometric grid up to `maxFactor` at which the goal holds. */
export function scaleReachingGoal(
  costAt: (factor: number) => CostReport,
  goal = goalPerMillionEvents,
  maxFactor = 1000,
): number | undefined {
  for (let factor = 1; factor <= maxFactor; factor *= 1.01)
    if (costAt(factor).perMillionEvents <= goal) return factor;
  return undefined;
}

export function lowerBound(
  report: CostReport,
  d: Deployment,
  costAt: (factor: number) => CostReport,
  goal = goalPerMillionEvents,
): string[] {
  const budget = goal * (report.eventsPerMonth / 1e6);
  const item = (prefix: string): LineItem | undefined =>
    report.items.find((i) => i.component.startsWith(prefix));
  const database = item('Aurora')?.fixed ?? 0;
  const proxy = item('RDS Proxy')?.fixed ?? 0;
  const variablePerM = report.variable / (report.eventsPerMonth / 1e6);
  const otherFixed = [...report.items]
    .filter((i) => i.fixed >= 0.5 && !i.component.startsWith('Aurora'))
    .sort((a, b) => b.fixed - a.fixed)
    .map((i) => `${i.component} ${usd(i.fixed)}`)
    .join(', ');
  const lines = [
    `lower bound (stage ${d.stage}): the goal, <= ${usd(goal)} per million events at ${millions(report.eventsPerMonth)} events, is ${usd(budget)} for the whole month.`,
    `  database: ${d.database.multiAz ? 'a Multi-AZ' : 'a single-AZ'} Aurora Serverless v2 cluster bills ${d.database.multiAz ? 'a writer and a reader at >= 0.5 ACU each' : 'a writer at >= 0.5 ACU'} under load (a production stage may not pause either): ${usd(database)}/month = ${(database / budget).toFixed(2)}x the whole budget${proxy > 0 ? `, ${usd(database + proxy)} with RDS Proxy's 8-ACU minimum` : ''}.`,
    `  fixed floor as configured: ${usd(report.fixed)}/month = ${(report.fixed / budget).toFixed(2)}x the budget (besides the database: ${otherFixed}).`,
    variablePerM >= goal
      ? `  variable: ${usd(variablePerM)} per million events = ${((variablePerM / goal) * 100).toFixed(0)} % of the goal on its own: no fixed cost at all would reach it here (storage of every month kept counts as variable; per-batch costs fall per event as batches fill with scale).`
      : `  variable: ${usd(variablePerM)} per million events = ${((variablePerM / goal) * 100).toFixed(0)} % of the goal, so the fixed part may take ${usd(goal - variablePerM)}/M: ${millions((report.fixed / (goal - variablePerM)) * 1e6)} events/month at the 1x rates.`,
  ];
  if (report.perMillionEvents <= goal) {
    lines.push(`  -> reached at this workload: ${usd(report.perMillionEvents)}/M.`);
    return lines;
  }
  const dbAlonePerM = database / (report.eventsPerMonth / 1e6);
  lines.push(
    database > budget
      ? `  -> not reachable at this workload while production keeps a Multi-AZ relational database: its floor alone spread over ${millions(report.eventsPerMonth)} events is ${usd(dbAlonePerM)}/M, before any other cost.`
      : `  -> not reachable at this workload: the fixed floor spread over ${millions(report.eventsPerMonth)} events is ${usd(report.fixed / (report.eventsPerMonth / 1e6))}/M.`,
  );
  const factor = scaleReachingGoal(costAt, goal);
  if (factor === undefined) {
    lines.push(`  -> not reached below 1000x this workload (the variable part alone is above the goal).`);
    return lines;
  }
  const reached = costAt(factor);
  lines.push(
    `  -> reached from ${factor.toFixed(1)}x this workload as configured: ${millions(reached.eventsPerMonth)} events/month (${(reached.eventsPerMonth / (720 * 3600)).toFixed(0)} events/s), ${usd(reached.total)}/month, ${usd(reached.perMillionEvents)}/M.`,
  );
  return lines;
}
