/**
 * Scores Nexus's forecaster on any set of series in the M4 row layout (`<Name>-train.csv`,
 * `<Name>-test.csv`; e.g. the Tourism competition's), side by side with seasonal naive, Theta and
 * ETS as reimplemented here. The last line is
 * `sMAPE: <a> MASE: <b> MAPE: <c> coverage80: <d> coverage95: <e>` for Nexus.
 * Usage: npm run eval:forecast -- --data <dir> --frequency <Name> --horizon <h> --period <m>
 *        [--backtest [--origin k]] [--period-hint] [--methods a,b] [--limit n]
 * --backtest scores on the last horizon of each training series (the test file is not read), the
 * way settings are chosen without touching the test set; --origin k on the k-th last horizon
 * instead (the interval widening was tuned on origins 1 to 3 of every set).
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
    /** With --backtest: which horizon from the end of the training series to score (1 = the last). */
    origin: { type: 'string', default: '1' },
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
const origin = Number(args.origin);
if (!Number.isInteger(origin) || origin < 1) {
  console.error('--origin must be a positive integer');
  process.exit(2);
}
const limit = args.limit === undefined ? Number.POSITIVE_INFINITY : Number(args.limit);
const trainRows = parseM4Csv(readFileSync(trainFile, 'utf8')).slice(0, limit);
// The backtest's held-out stretch: the origin-th horizon from the end of each training series.
const heldOut = (values: readonly number[]) => {
  const end = values.length - (origin - 1) * horizon;
  return {
    fit: values.slice(0, Math.max(0, end - horizon)),
    actual: values.slice(Math.max(0, end - horizon), end),
  };
};
const train = args.backtest ? trainRows.map((s) => ({ id: s.id, values: heldOut(s.values).fit })) : trainRows;
const test = args.backtest
  ? trainRows.map((s) => ({ id: s.id, values: heldOut(s.values).actual }))
  : parseM4Csv(readFileSync(testFile, 'utf8')).slice(0, limit);
if (train.length !== test.length || train.some((s, i) => s.id !== test[i]?.id)) {
  console.error('train and test files do not list the same series in the same order');
  process.exit(2);
}
const tooShort = train.filter((s) => s.values.length < 2).length;
if (tooShort > 0 && !(args.backtest && origin > 1)) {
  console.error('every training series needs at least 2 values (after the backtest holdout)');
  process.exit(2);
}
// Earlier origins leave some short series nothing to fit: those are left out of the scores.
if (tooShort > 0) {
  const keep = train.map((s) => s.values.length >= 2);
  train.splice(0, train.length, ...train.filter((_, i) => keep[i]));
  test.splice(0, test.length, ...test.filter((_, i) => keep[i]));
  console.log(`${tooShort} series too short for origin ${origin} left out`);
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
  `${args.frequency}${args.backtest ? ` (backtest: horizon ${origin} from the end of the training series)` : ''}: ${train.length} series, horizon ${horizon}, period ${period}${periodHint ? ' (given to nexus)' : ' (nexus detects its own)'}`,
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
