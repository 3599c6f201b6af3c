/**
 * Scores the anomaly detector on synthetic corpora of the kinds of NAB data not shipped in
 * ../shared/data (Twitter mention counts, road-sensor readings, ad-exchange prices; see
 * scripts/evaluation/nab-kinds/), written in NAB's layout and scored with the same NAB scorer as
 * `npm run eval:nab`. Per kind and seed set: NAB standard / low FP / low FN (threshold optimised
 * per corpus, as NAB does), false alarms per 1,000 rows outside the anomaly windows and the
 * injected anomalies flagged within their window, both at the detector's default threshold.
 * Training seeds are for choosing settings; test seeds only report. `--seeds <from>-<to>` scores
 * other seeds instead (e.g. 4-30: more training corpora, to check a setting chosen on seeds 1–3
 * against the noise of three corpora; seeds from 100 up are the test seeds' range).
 * Usage: npm run eval:nab-kinds -- [--set train|test|both] [--seeds <from>-<to>] [--out <dir>] [--scale <length factor>] [--verbose]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLD, detect } from '../shared/domain/analytics/detect/detect';
import { NAB_PROFILES } from './evaluation/nab/nab-profile';
import { parseNabCsv } from './evaluation/nab/parse-nab-csv';
import { parseNabWindows } from './evaluation/nab/parse-nab-windows';
import {
  kindCorpus,
  type NabKind,
  nabKinds,
  TEST_SEEDS,
  TRAINING_SEEDS,
} from './evaluation/nab-kinds/kind-corpus';
import { type ScoredKindSeries, scoreKindCorpus } from './evaluation/nab-kinds/score-kind-corpus';
import type { SyntheticNabSeries } from './evaluation/nab-kinds/synthetic-series';
import { writeNabCorpus } from './evaluation/nab-kinds/synthetic-series';

const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: 'both' },
    seeds: { type: 'string' },
    out: { type: 'string' },
    scale: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
  },
});

const started = performance.now();
const sets: [string, readonly number[]][] = [];
const seedRange = args.seeds?.match(/^(\d+)-(\d+)$/);
if (args.seeds !== undefined && !seedRange) throw new Error(`--seeds expects <from>-<to>, got ${args.seeds}`);
if (seedRange) {
  const [from, to] = [Number(seedRange[1]), Number(seedRange[2])];
  sets.push(['seeds', Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)]);
} else {
  if (args.set !== 'test') sets.push(['train', TRAINING_SEEDS]);
  if (args.set !== 'train') sets.push(['test', TEST_SEEDS]);
}
const outRoot = args.out ?? mkdtempSync(join(tmpdir(), 'nab-kinds-'));
const lengthScale = Number(args.scale);
let detectMs = 0;
let points = 0;

/** Writes a seed set's corpus in NAB layout, reads it back as eval:nab does, and runs the detector on every file. */
function runSet(set: string, seeds: readonly number[]): Map<NabKind, ScoredKindSeries[]> {
  const generated = new Map<string, { kind: NabKind; series: SyntheticNabSeries }>();
  for (const kind of nabKinds)
    for (const seed of seeds)
      for (const series of kindCorpus(kind, seed, { lengthScale }))
        generated.set(series.name, { kind, series });
  const root = join(outRoot, set);
  const windows = parseNabWindows(
    JSON.parse(
      readFileSync(
        writeNabCorpus(
          root,
          [...generated.values()].map((g) => g.series),
        ),
        'utf8',
      ),
    ),
  );
  const byKind = new Map<NabKind, ScoredKindSeries[]>(nabKinds.map((k) => [k, []]));
  for (const [name, { kind, series }] of generated) {
    const data = parseNabCsv(readFileSync(join(root, 'data', name), 'utf8'));
    const t0 = performance.now();
    const { scores } = detect(
      data.timestamps.map((timestamp, i) => ({ timestamp, value: data.values[i] ?? 0 })),
    );
    detectMs += performance.now() - t0;
    points += scores.length;
    byKind.get(kind)?.push({
      name,
      timestamps: data.timestamps,
      scores,
      windows: windows[name] ?? [],
      anomalies: series.anomalies,
    });
  }
  return byKind;
}

const pct = (found: number, total: number) => (total > 0 ? `${found}/${total}` : '-');
console.log(`corpora written under ${outRoot}`);
console.log(
  `${'set'.padEnd(6)}${'kind'.padEnd(12)}${'files'.padStart(6)}${'std'.padStart(8)}${'lowFP'.padStart(8)}${'lowFN'.padStart(8)}${'FA/1k'.padStart(8)}  detected (at threshold ${DEFAULT_THRESHOLD})`,
);
for (const [set, seeds] of sets) {
  const byKind = runSet(set, seeds);
  const rows: [string, ScoredKindSeries[]][] = [...byKind.entries()];
  rows.push(['all', [...byKind.values()].flat()]);
  for (const [kind, series] of rows) {
    const score = scoreKindCorpus(series, NAB_PROFILES, DEFAULT_THRESHOLD);
    const nab = (p: string) =>
      (score.nab.find((r) => r.profile === p)?.normalizedScore ?? Number.NaN).toFixed(2);
    const totals = Object.values(score.detected).reduce((a, [f, t]) => [a[0] + f, a[1] + t], [0, 0]);
    const byAnomaly = Object.entries(score.detected)
      .map(([k, [f, t]]) => `${k} ${pct(f, t)}`)
      .join(', ');
    console.log(
      `${set.padEnd(6)}${kind.padEnd(12)}${String(series.length).padStart(6)}${nab('standard').padStart(8)}${nab('reward_low_FP_rate').padStart(8)}${nab('reward_low_FN_rate').padStart(8)}${score.falseAlarmsPer1000.toFixed(2).padStart(8)}  ${pct(totals[0], totals[1])} (${byAnomaly})`,
    );
    if (args.verbose && kind !== 'all') {
      const standard = score.nab.find((r) => r.profile === 'standard');
      for (const f of standard?.files ?? [])
        console.log(
          `        ${f.name.padEnd(50)} score ${f.score.toFixed(3).padStart(7)}  TP ${f.tp} FP ${f.fp} FN ${f.fn}`,
        );
    }
  }
}
console.log(`points ${points}, detector time ${(detectMs / 1000).toFixed(2)} s`);
console.log(`run time ${((performance.now() - started) / 1000).toFixed(2)} s`);
