/**
 * Scores Nexus's forecaster on any set of series in the M4 row layout (`<Name>-train.csv`,
 * `<Name>-test.csv`; e.g. the Tourism competition's), side by side with seasonal naive, Theta and
 * ETS as reimplemented here. The last line is
 * `sMAPE: <a> MASE: <b> MAPE: <c> coverage80: <d> coverage95: <e>` for Nexus.
 * Usage: npm run eval:forecast -- --data <dir> --frequency <Name> --horizon <h> --period <m>
 *        [--backtest] [--period-hint] [--methods a,b] [--limit n]
 * --backtest scores on the last horizon of each training series (the test file is not read), the
 * way settings are chosen without touching the test set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { forecast } from '../shared/domain/analytics/forecast/forecast';
import { FORECAST_REFERENCES } from './evaluation/forecast/reference-methods';
import {
  type ForecastScores,
  type SeriesForecaster,
  scoreForecasts,
} from './evaluation/forecast/score-forecasts';
import { parseM4Csv } from './evaluation/m4/parse-m4-csv';

const { values: args } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'tourism'),
    },
    frequency: { type: 'string', default: 'Monthly' },
    horizon: { type: 'string' },
    period: { type: 'string' },
    methods: { type: 'string', default: 'sNaive,Theta,ETS' },
    backtest: { type: 'boolean', default: false },
    /** Pass --period to Nexus's forecaster instead of letting it detect seasonality. */
    'period-hint': { type: 'boolean', default: false },
    /** Score only the first n series (a quick look; the figures are not the benchmark's). */
    limit: { type: 'string' },
  },
});

const horizon = Number(args.horizon);
const period = Number(args.period);
if (!Number.isInteger(horizon) || horizon < 1 || !Number.isInteger(period) || period < 1) {
  console.error('--horizon and --period are required positive integers (e.g. --horizon 24 --period 12)');
  process.exit(2);
}
const trainFile = join(args.data, `${args.frequency}-train.csv`);
const testFile = join(args.data, `${args.frequency}-test.csv`);
if (!existsSync(trainFile) || (!args.backtest && !existsSync(testFile))) {
  console.error(`missing ${trainFile} or ${testFile} (see ../shared/data/README.md)`);
  process.exit(2);
}
const limit = args.limit === undefined ? Number.POSITIVE_INFINITY : Number(args.limit);
const trainRows = parseM4Csv(readFileSync(trainFile, 'utf8')).slice(0, limit);
const train = args.backtest
  ? trainRows.map((s) => ({ id: s.id, values: s.values.slice(0, -horizon) }))
  : trainRows;
const test = args.backtest
  ? trainRows.map((s) => ({ id: s.id, values: s.values.slice(-horizon) }))
  : parseM4Csv(readFileSync(testFile, 'utf8')).slice(0, limit);
if (train.length !== test.length || train.some((s, i) => s.id !== test[i]?.id)) {
  console.error('train and test files do not list the same series in the same order');
  process.exit(2);
}
if (train.some((s) => s.values.length < 2)) {
  console.error('every training series needs at least 2 values (after the backtest holdout)');
  process.exit(2);
}

const now = () => performance.now();
const periodHint = args['period-hint'];
const nexus: SeriesForecaster = (values, h, m) =>
  forecast(values, periodHint ? { horizon: h, period: m } : { horizon: h });

const rows: [string, ForecastScores][] = [];
for (const name of args.methods
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)) {
  const method = FORECAST_REFERENCES[name];
  if (!method) {
    console.error(`unknown reference method ${name}; known: ${Object.keys(FORECAST_REFERENCES).join(', ')}`);
    process.exit(2);
  }
  rows.push([name, scoreForecasts(train, test, method, horizon, period, now)]);
}
const ours = scoreForecasts(train, test, nexus, horizon, period, now);
rows.push(['nexus', ours]);

const pad = (s: string, w: number) => s.padEnd(w);
const num = (x: number | undefined, d = 3) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
console.log(
  `${args.frequency}${args.backtest ? ' (backtest: last horizon of the training series)' : ''}: ${train.length} series, horizon ${horizon}, period ${period}${periodHint ? ' (given to nexus)' : ' (nexus detects its own)'}`,
);
console.log(
  `${pad('method', 8)} ${pad('sMAPE', 8)} ${pad('MASE', 8)} ${pad('MAPE', 8)} ${pad('cov80', 6)} ${pad('cov95', 6)} ${pad('MSIS', 8)} seconds`,
);
for (const [name, r] of rows) {
  console.log(
    `${pad(name, 8)} ${pad(num(r.smape), 8)} ${pad(num(r.mase), 8)} ${pad(num(r.mape), 8)} ${pad(num(r.coverage.get(80)), 6)} ${pad(num(r.coverage.get(95)), 6)} ${pad(num(r.msis), 8)} ${(r.milliseconds / 1000).toFixed(1)}`,
  );
}
console.log(
  `sMAPE: ${num(ours.smape)} MASE: ${num(ours.mase)} MAPE: ${num(ours.mape)} coverage80: ${num(ours.coverage.get(80))} coverage95: ${num(ours.coverage.get(95))}`,
);
