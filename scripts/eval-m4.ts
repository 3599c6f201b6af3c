/**
 * Scores Nexus's forecaster on an M4 frequency: forecasts every series at M4's horizon and prints
 * sMAPE, MASE and OWA (relative to our Naive2) next to the M4 reference methods we reimplement and,
 * when available, the published figures. The last line is `M4 <frequency> OWA: <owa>`.
 * Usage: npm run eval:m4 -- [--data <dir>] [--frequency hourly|weekly|daily] [--methods a,b] [--no-references]
 *        [--period-hint] [--backtest]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ForecastResult } from '../shared/domain/analytics/contracts';
import { forecast } from '../shared/domain/analytics/forecast/forecast';
import { M4_BENCHMARKS, type PointForecaster } from './evaluation/m4/m4-benchmarks';
import { isM4Frequency, M4_FREQUENCIES } from './evaluation/m4/m4-frequencies';
import { msis } from './evaluation/m4/m4-metrics';
import { naive2 } from './evaluation/m4/naive2';
import { parseM4Csv } from './evaluation/m4/parse-m4-csv';
import { parsePublishedM4Scores } from './evaluation/m4/parse-published-scores';
import { type M4Evaluation, scoreM4 } from './evaluation/m4/score-m4';

const { values: args } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'm4'),
    },
    frequency: { type: 'string', default: 'hourly' },
    /** Reference methods to run besides ours (comma-separated). */
    methods: { type: 'string', default: 'Naive2,sNaive,SES,Theta' },
    'no-references': { type: 'boolean', default: false },
    /** Pass M4's seasonal period to our forecaster instead of letting it detect seasonality. */
    'period-hint': { type: 'boolean', default: false },
    /** Score on the last horizon of each training series instead of the test file, to tune without the test set. */
    backtest: { type: 'boolean', default: false },
  },
});

const frequency = args.frequency.toLowerCase();
if (!isM4Frequency(frequency)) {
  console.error(
    `unknown --frequency ${args.frequency}; expected one of ${Object.keys(M4_FREQUENCIES).join(', ')}`,
  );
  process.exit(2);
}
const spec = M4_FREQUENCIES[frequency];
const trainFile = join(args.data, `${spec.file}-train.csv`);
const testFile = join(args.data, `${spec.file}-test.csv`);
if (!existsSync(trainFile) || !existsSync(testFile)) {
  console.error(`missing ${trainFile} or ${testFile} (see ../shared/data/README.md)`);
  process.exit(2);
}
const trainRows = parseM4Csv(readFileSync(trainFile, 'utf8'));
const train = args.backtest
  ? trainRows.map((s) => ({ id: s.id, values: s.values.slice(0, -spec.horizon) }))
  : trainRows;
const test = args.backtest
  ? trainRows.map((s) => ({ id: s.id, values: s.values.slice(-spec.horizon) }))
  : parseM4Csv(readFileSync(testFile, 'utf8'));
if (train.length !== test.length || train.some((s, i) => s.id !== test[i]?.id)) {
  console.error('train and test files do not list the same series in the same order');
  process.exit(2);
}

const now = () => performance.now();
const periodHint = args['period-hint'];
const results: ForecastResult[] = [];
const nexus: PointForecaster = (values, horizon, period) => {
  const result = forecast(values, periodHint ? { horizon, period } : { horizon });
  results.push(result);
  return [...result.mean];
};

// OWA is relative to Naive2 itself, imported directly so it can never be replaced by another method.
const naive2Totals = scoreM4(train, test, naive2, spec.horizon, spec.period);
const rows: [string, M4Evaluation][] = [];
if (!args['no-references']) {
  for (const name of args.methods
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const method = M4_BENCHMARKS[name];
    if (!method) {
      console.error(`unknown reference method ${name}; known: ${Object.keys(M4_BENCHMARKS).join(', ')}`);
      process.exit(2);
    }
    rows.push([name, scoreM4(train, test, method, spec.horizon, spec.period, naive2Totals, now)]);
  }
}
const ours = scoreM4(train, test, nexus, spec.horizon, spec.period, naive2Totals, now);
rows.push(['nexus', ours]);

const publishedFile = join(args.data, 'published', 'Point_Forecasts-Frequency.csv');
const published =
  !args.backtest && existsSync(publishedFile)
    ? parsePublishedM4Scores(readFileSync(publishedFile, 'utf8'), spec.file)
    : new Map();

const pad = (s: string, w: number) => s.padEnd(w);
const num = (x: number | undefined, d = 3) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
console.log(
  `M4 ${spec.file}${args.backtest ? ' (backtest: last horizon of the training series)' : ''}: ${train.length} series, horizon ${spec.horizon}, MASE period ${spec.period}`,
);
console.log(
  `${pad('method', 10)} ${pad('sMAPE', 8)} ${pad('MASE', 8)} ${pad('OWA', 7)} ${pad('published OWA', 14)} seconds`,
);
for (const [name, r] of rows) {
  const pub = published.get(name)?.owa;
  console.log(
    `${pad(name, 10)} ${pad(num(r.smape), 8)} ${pad(num(r.mase), 8)} ${pad(num(r.owa), 7)} ${pad(num(pub), 14)} ${(r.milliseconds / 1000).toFixed(1)}`,
  );
}
for (const [id, label] of [
  ['118', 'ES-RNN (Smyl)'],
  ['245', 'FFORMA (Montero-Manso)'],
] as const) {
  const p = published.get(id);
  if (p) console.log(`published ${label}: sMAPE ${num(p.smape)}, MASE ${num(p.mase)}, OWA ${num(p.owa)}`);
}
/** Share of test values inside each interval, and M4's MSIS of the 95% interval. */
const inside = new Map<number, number>();
let totalMsis = 0;
let steps = 0;
results.forEach((result, i) => {
  const actual = test[i]?.values ?? [];
  const insample = train[i]?.values ?? [];
  steps += actual.length;
  for (const interval of result.intervals) {
    const hits = actual.filter(
      (y, h) => y >= (interval.lower[h] ?? 0) && y <= (interval.upper[h] ?? 0),
    ).length;
    inside.set(interval.level, (inside.get(interval.level) ?? 0) + hits);
    if (interval.level === 95)
      totalMsis += msis(insample, actual, interval.lower, interval.upper, spec.period);
  }
});
const coverage = [...inside]
  .map(([level, hits]) => `${level}%: ${((100 * hits) / steps).toFixed(1)}%`)
  .join(', ');
console.log(`nexus interval coverage ${coverage}; MSIS (95%) ${(totalMsis / results.length).toFixed(3)}`);
console.log(
  `nexus forecaster run time: ${(ours.milliseconds / 1000).toFixed(1)} s for ${ours.series} series`,
);
console.log(`M4 ${frequency} OWA: ${num(ours.owa)}`);
