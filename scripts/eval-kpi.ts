/**
 * Evaluates the detector's short-series path on synthetic KPI series (scripts/evaluation/kpi):
 * per grain (1m, 1h, 1d), the precision of its flags and its recall per kind of injected
 * anomaly, on a training split (seed 1) and a test split (seed 2) of independent series. With
 * --tune it first searches the settings of each grain's cycle on that grain's training series
 * only and prints the best; the detector's shipped settings were chosen that way. The goal (issue 11): recall >= 0.9
 * for spikes and >= 0.8 for level shifts at precision >= 0.8, per grain, on the test split.
 * Usage: npm run eval:kpi -- [--series 200] [--train-seed 1] [--test-seed 2] [--tune]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLD, detect } from '../shared/domain/analytics/detect/detect';
import {
  cycleOf,
  periodForSpacing,
  type SeriesCycle,
  type ShortSeriesSettings,
  shortSeriesScore,
  shortSeriesSettings,
} from '../shared/domain/analytics/detect/short-series';
import { type KpiScore, scoreKpiDetections } from './evaluation/kpi/score-kpi-detections';
import {
  anomalyKinds,
  type Grain,
  grains,
  type KpiSeries,
  syntheticKpis,
} from './evaluation/kpi/synthetic-kpis';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '200' },
    'train-seed': { type: 'string', default: '1' },
    'test-seed': { type: 'string', default: '2' },
    tune: { type: 'boolean', default: false },
  },
});
const perGrain = Number(args.series);

/** Flags of the shipped detector, the whole series in one call as the metric scorer sends it. */
function detectorFlags(series: KpiSeries): number[] {
  const points = series.values.map((value, i) => ({ timestamp: series.timestamps[i] as number, value }));
  return detect(points).anomalies.map((a) => a.index);
}

/** Flags of the short-series path alone with other settings (the detector's path before its warm-up ends). */
function shortFlags(series: KpiSeries, settings: ShortSeriesSettings): number[] {
  const spacing = ((series.timestamps[1] ?? 0) - (series.timestamps[0] ?? 0)) / 1000;
  const period = periodForSpacing(spacing);
  const flags: number[] = [];
  for (let t = 0; t < series.values.length; t++) {
    const out = shortSeriesScore(series.values.slice(0, t), series.values[t] as number, period, settings);
    if (out && out.score >= DEFAULT_THRESHOLD) flags.push(t);
  }
  return flags;
}

const goal = { spike: 0.9, levelShift: 0.8, precision: 0.8 };

/** How far a grain's score is above the goal at its weakest point (negative: below). */
const slack = (s: KpiScore) =>
  Math.min(
    s.precision - goal.precision,
    s.recall.spike.recall - goal.spike,
    s.recall.levelShift.recall - goal.levelShift,
  );

function scoreByGrain(data: readonly KpiSeries[], flagsOf: (s: KpiSeries) => number[]): Map<Grain, KpiScore> {
  return new Map(
    grains.map((grain) => {
      const series = data.filter((s) => s.grain === grain);
      return [grain, scoreKpiDetections(series, series.map(flagsOf))];
    }),
  );
}

const pct = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3));

function report(label: string, scores: Map<Grain, KpiScore>): void {
  console.log(`\n${label}`);
  console.log(
    `grain  flags  precision  ${anomalyKinds.map((k) => `recall ${k} (found/total)`).join('  ')}  goal`,
  );
  for (const [grain, s] of scores) {
    const recalls = anomalyKinds
      .map((k) =>
        `${pct(s.recall[k].recall)} (${s.recall[k].detected}/${s.recall[k].total})`.padEnd(
          `recall ${k} (found/total)`.length,
        ),
      )
      .join('  ');
    console.log(
      `${grain.padEnd(5)}  ${String(s.flags).padStart(5)}  ${pct(s.precision).padStart(9)}  ${recalls}  ${slack(s) >= 0 ? 'met' : 'NOT met'}`,
    );
  }
}

/**
 * The settings tried by --tune (the sloped level, the 4-cycle look-back, the spread floor and the
 * hourly profile's settings, with its check against a day earlier, its start, its first-day range check,
 * the check after a flag and its spread at an hour from that hour's own errors, are not tuned here).
 */
function* settingsGrid(): Generator<
  Omit<
    ShortSeriesSettings,
    | 'seasonCycles'
    | 'localTrend'
    | 'relativeSpreadFloor'
    | 'profileHarmonics'
    | 'scaledErrors'
    | 'outlierErrors'
    | 'cycleAgoSpreads'
    | 'profileFrom'
    | 'heldOutCycles'
    | 'firstCycleRange'
    | 'afterFlagged'
    | 'phaseSpreadLeast'
  >
> {
  for (const heldOutErrors of [false, true])
    for (const minSeasonCycles of [1, 2, 3])
      for (const levelWindow of [5, 7])
        for (const zAtHalf of [3.5, 4, 4.5]) yield { heldOutErrors, minSeasonCycles, levelWindow, zAtHalf };
}

/** The cycle of a grain's series, which picks the detector's settings. */
const cycleOfGrain: Readonly<Record<Grain, SeriesCycle>> = {
  '1m': cycleOf(periodForSpacing(60)),
  '1h': cycleOf(periodForSpacing(3600)),
  '1d': cycleOf(periodForSpacing(86_400)),
};

const train = syntheticKpis(Number(args['train-seed']), perGrain);
const test = syntheticKpis(Number(args['test-seed']), perGrain);
console.log(
  `${perGrain} series per grain and split; train seed ${args['train-seed']}, test seed ${args['test-seed']}`,
);

if (args.tune) {
  // Per grain (its cycle's settings): the grain's slack to the goal, ties broken by its mean
  // recall over the four kinds, so drops to zero and trend breaks count only there.
  for (const grain of grains) {
    const series = train.filter((s) => s.grain === grain);
    const cycle = cycleOfGrain[grain];
    let best: { settings: ShortSeriesSettings; slack: number; recall: number } | undefined;
    for (const grid of settingsGrid()) {
      const settings = { ...shortSeriesSettings[cycle], ...grid };
      const score = scoreKpiDetections(
        series,
        series.map((s) => shortFlags(s, settings)),
      );
      const recalls = anomalyKinds.map((k) => score.recall[k].recall).filter((r) => !Number.isNaN(r));
      const recall = recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length);
      if (
        !best ||
        slack(score) > best.slack + 1e-9 ||
        (Math.abs(slack(score) - best.slack) <= 1e-9 && recall > best.recall)
      )
        best = { settings, slack: slack(score), recall };
    }
    console.log(
      `${grain} (${cycle}) tuned on training: ${JSON.stringify(best?.settings)} (slack ${best?.slack.toFixed(3)}, mean recall ${best?.recall.toFixed(3)})`,
    );
    console.log(`${grain} (${cycle}) shipped:           ${JSON.stringify(shortSeriesSettings[cycle])}`);
  }
}

report('training split (detect, shipped settings)', scoreByGrain(train, detectorFlags));
const testScores = scoreByGrain(test, detectorFlags);
report('test split (detect, shipped settings)', testScores);
process.exitCode = [...testScores.values()].every((s) => slack(s) >= 0) ? 0 : 1;
