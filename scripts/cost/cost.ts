/**
 * `npm run cost [-- --workload gap|<file.json>] [--stage dev|prod] [--region <r>]`: the monthly
 * cost of a stage at a workload, per component, from the committed measurements and price table;
 * then the design-change scenarios and the workload at 10x and 100x (`--with-changes` costs the
 * design with every scenario applied). Needs no running platform.
 * The last line is `$/M events: <x>  idle dev $/month: <y>` (x for --stage, y for dev).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CostReport,
  costOf,
  type Deployment,
  type Measurements,
  type Prices,
  type Workload,
} from './cost-model';
import { deploymentShape } from './deployment-shape';
import { lowerBound } from './lower-bound';
import {
  abOnInstances,
  allScenarios,
  batchFileVersionsKept30Days,
  batchWindow20s,
  beforeIssue13,
  defaultAssumptions,
  fileKeyRollupTokens,
  ingestLineEveryRequest,
  kinesisOnDemand,
  manifestReadsEveryBatch,
  rawBatchFilesKept,
  rollupReadsEveryWrite,
  scenarios,
} from './scenarios';

const here = import.meta.dirname;
const repoRoot = resolve(here, '..', '..');
const { values: args } = parseArgs({
  options: {
    workload: { type: 'string', default: 'gap' },
    stage: { type: 'string', default: 'dev' },
    region: { type: 'string', default: 'eu-west-1' },
    /** Cost the design with every scenario below applied (dev's idle figure too). */
    'with-changes': { type: 'boolean', default: false },
  },
});
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const workloadPath = /\.json$/.test(args.workload)
  ? isAbsolute(args.workload)
    ? args.workload
    : resolve(process.cwd(), args.workload)
  : join(here, 'workloads', `${args.workload}.json`);
const workload = readJson<Workload>(workloadPath);
const measured = readJson<Measurements & { measuredOn: string; command: string }>(
  join(here, 'measurements.json'),
);
const priceTable = readJson<{ asOf: string; hoursPerMonth: number; regions: Record<string, Prices> }>(
  join(here, 'prices.json'),
);
const regionPrices = priceTable.regions[args.region];
if (!regionPrices) {
  console.error(
    `no prices for ${args.region} (prices.json has ${Object.keys(priceTable.regions).join(', ')})`,
  );
  process.exit(2);
}
const prices: Prices = { ...regionPrices, hoursPerMonth: priceTable.hoursPerMonth };
const cost = (w: Workload, d: Deployment): CostReport => costOf(w, d, measured, defaultAssumptions, prices);
const idle = (w: Workload): Workload => ({
  ...w,
  eventsPerSecond: 0,
  queriesPerDay: 0,
  reportsPerDay: 0,
  analyzeCallsPerDay: 0,
  emailsPerDay: 0,
});

const usd = (x: number) => (Number.isFinite(x) ? `$${x.toFixed(x < 10 ? 2 : 0)}` : 'n/a');
const usd3 = (x: number) => (Number.isFinite(x) ? `$${x.toFixed(3)}` : 'n/a');
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

const designed = (d: Deployment): Deployment => (args['with-changes'] ? allScenarios(d) : d);
const shape = designed(deploymentShape(args.stage, repoRoot));
const report = cost(workload, shape);
console.log(
  `Nexus cost model — stage ${args.stage}${args['with-changes'] ? ' with every design change below' : ''}, ${args.region}, workload "${workload.name}" (${workload.eventsPerSecond} events/s, ${workload.eventsPerRequest} per request: ${(report.eventsPerMonth / 1e6).toFixed(1)}M events per ${priceTable.hoursPerMonth}-hour month)`,
);
console.log(`prices as of ${priceTable.asOf}; measurements of ${measured.measuredOn} (${measured.command})`);
console.log('');
console.log(`${pad('component', 40)}${lpad('fixed/month', 13)}${lpad('variable/month', 16)}  note`);
for (const item of [...report.items].sort((a, b) => b.fixed + b.variable - (a.fixed + a.variable)))
  console.log(
    `${pad(item.component, 40)}${lpad(usd(item.fixed), 13)}${lpad(usd(item.variable), 16)}  ${item.note}`,
  );
console.log(
  `${pad('total', 40)}${lpad(usd(report.fixed), 13)}${lpad(usd(report.variable), 16)}  = ${usd(report.total)}/month`,
);
console.log('');
const share = (report.dominant.fixed + report.dominant.variable) / report.total;
console.log(`dominant component: ${report.dominant.component} (${(share * 100).toFixed(0)}% of the month)`);
console.log(
  `per million events: ${usd3(report.perMillionEvents)} (variable only: ${usd3(report.variable / (report.eventsPerMonth / 1e6))}); goal <= $0.20`,
);
console.log('');
for (const line of lowerBound(report, shape, (factor) =>
  cost({ ...workload, eventsPerSecond: workload.eventsPerSecond * factor }, shape),
))
  console.log(line);

console.log('');
console.log(`design choices, each alone and all together (stage ${args.stage}):`);
console.log(`${pad('scenario', 76)}${lpad('$/month', 10)}${lpad('$/M events', 12)}${lpad('idle dev', 10)}`);
const devShape = designed(deploymentShape('dev', repoRoot));
const row = (name: string, change: (d: Deployment) => Deployment) => {
  const r = cost(workload, change(shape));
  const idleDev = cost(idle(workload), change(devShape)).total;
  console.log(
    `${pad(name, 76)}${lpad(usd(r.total), 10)}${lpad(usd3(r.perMillionEvents), 12)}${lpad(usd(idleDev), 10)}`,
  );
};
row(args['with-changes'] ? 'with every change' : 'as configured', (d) => d);
row('before issue 13: a DynamoDB claim per event, no compaction', beforeIssue13);
row('Kinesis on demand instead of provisioned', kinesisOnDemand);
row('before: rollup tokens as curated file keys, not 12-byte digests', fileKeyRollupTokens);
row('before: raw batch files kept as written, via Standard-IA to Glacier', rawBatchFilesKept);
row("before: compacted batch files' versions kept 30 days (not tagged)", batchFileVersionsKept30Days);
row('before: a consistent read before every rollup cell write', rollupReadsEveryWrite);
row("before: a GET of the partition's manifest before every batch", manifestReadsEveryBatch);
row('before: an INFO line per ingest request', ingestLineEveryRequest);
row('before issue 13: A/B on always-on instances (2 + 1 ml.c6g.large)', abOnInstances);
row('refused: lake-writer window 20 s (breaks the 5 s accepted->visible)', batchWindow20s);
for (const s of scenarios) row(s.name, s.apply);
row('all of the above (below production grade)', allScenarios);

console.log('');
console.log(`scale (stage ${args.stage}, as configured / all changes):`);
for (const factor of [1, 10, 100]) {
  const w = { ...workload, eventsPerSecond: workload.eventsPerSecond * factor };
  const now = cost(w, shape);
  const changed = cost(w, allScenarios(shape));
  console.log(
    `  ${lpad(`${factor}x`, 4)} ${lpad(`${(now.eventsPerMonth / 1e6).toFixed(0)}M events`, 14)}: ${lpad(usd(now.total), 8)}/month ${usd3(now.perMillionEvents)}/M  |  ${lpad(usd(changed.total), 8)}/month ${usd3(changed.perMillionEvents)}/M`,
  );
}

const idleDevReport = cost(idle(workload), devShape);
const idleDev = idleDevReport.total;
console.log('');
console.log(
  `idle dev (no traffic): ${idleDevReport.items
    .filter((i) => i.fixed + i.variable >= 0.005)
    .sort((a, b) => b.fixed + b.variable - (a.fixed + a.variable))
    .map((i) => `${i.component} ${usd(i.fixed + i.variable)}`)
    .join(', ')}`,
);
console.log('');
console.log(`$/M events: ${report.perMillionEvents.toFixed(3)}  idle dev $/month: ${idleDev.toFixed(2)}`);
