/**
 * Scores Nexus's anomaly detector on the Numenta Anomaly Benchmark: runs it strictly online over
 * every labelled series, writes results in NAB layout and scores them with our NAB scorer; or,
 * with --results, scores an existing results directory (e.g. NAB's published detector outputs).
 * Usage: npm run eval:nab -- [--data <dir>] [--labels <windows.json>] [--profiles <profiles.json>]
 *        [--out <dir>] [--results <dir>] [--detector <name>] [--verbose]
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DetectorState } from '../shared/domain/analytics/contracts';
import { detect } from '../shared/domain/analytics/detect/detect';
import { type NabFileInput } from './evaluation/nab/label-file';
import { NAB_PROFILES, type NabProfiles, parseNabProfiles } from './evaluation/nab/nab-profile';
import { parseNabCsv } from './evaluation/nab/parse-nab-csv';
import { parseNabWindows } from './evaluation/nab/parse-nab-windows';
import { scoreNabCorpus } from './evaluation/nab/score-corpus';
import { scoreNabSplit } from './evaluation/nab/split-corpus';

const NAB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'nab');

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: join(NAB_ROOT, 'data') },
    labels: { type: 'string', default: join(NAB_ROOT, 'labels', 'combined_windows.json') },
    profiles: { type: 'string', default: join(NAB_ROOT, 'config', 'profiles.json') },
    results: { type: 'string' },
    out: { type: 'string' },
    detector: { type: 'string', default: 'nexus' },
    /** Points per detect() call, to exercise the incremental path as a stream scorer would. */
    chunk: { type: 'string', default: '0' },
    verbose: { type: 'boolean', default: false },
  },
});

const started = performance.now();
const windows = parseNabWindows(JSON.parse(readFileSync(args.labels, 'utf8')));
const profiles: NabProfiles = existsSync(args.profiles)
  ? parseNabProfiles(JSON.parse(readFileSync(args.profiles, 'utf8')))
  : NAB_PROFILES;

/** Finds `<dir>/<category>/<prefix>_<series>.csv` for a labelled file, accepting a detector's dir or its parent. */
function findResultFile(root: string, file: string): string | undefined {
  const category = dirname(file);
  const series = basename(file);
  const roots = [
    root,
    ...readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(root, d.name)),
  ];
  for (const dir of roots) {
    const catDir = join(dir, category);
    if (!existsSync(catDir)) continue;
    const prefixed = `${basename(dir)}_${series}`;
    if (existsSync(join(catDir, prefixed))) return join(catDir, prefixed);
    const match = readdirSync(catDir).find((name) => name === series || name.endsWith(`_${series}`));
    if (match) return join(catDir, match);
  }
  return undefined;
}

/** Reads a NAB results CSV, taking the `anomaly_score` column wherever it is. */
function readResults(path: string, file: string): NabFileInput {
  const text = readFileSync(path, 'utf8');
  const header = (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim());
  const column = header.indexOf('anomaly_score');
  const series = parseNabCsv(text, column > 0 ? column : 1);
  return { name: file, timestamps: series.timestamps, scores: series.values, windows: windows[file] ?? [] };
}

/** Runs the detector over one series online and writes its NAB-layout results file. */
function runDetector(file: string, outDir: string, chunk: number): NabFileInput {
  const series = parseNabCsv(readFileSync(join(args.data, file), 'utf8'));
  const points = series.timestamps.map((timestamp, i) => ({ timestamp, value: series.values[i] ?? 0 }));
  const scores: number[] = [];
  let state: DetectorState | undefined;
  const step = chunk > 0 ? chunk : points.length;
  for (let from = 0; from < points.length; from += step) {
    const result = detect(points.slice(from, from + step), undefined, state);
    scores.push(...result.scores);
    state = result.state;
  }
  const target = join(outDir, args.detector, dirname(file), `${args.detector}_${basename(file)}`);
  mkdirSync(dirname(target), { recursive: true });
  const lines = series.rawTimestamps.map((ts, i) => `${ts},${series.values[i]},${scores[i]}`);
  writeFileSync(target, `timestamp,value,anomaly_score\n${lines.join('\n')}\n`);
  return { name: file, timestamps: series.timestamps, scores, windows: windows[file] ?? [] };
}

const files = Object.keys(windows).sort();
const inputs: NabFileInput[] = [];
let detectMs = 0;
if (args.results) {
  for (const file of files) {
    const path = findResultFile(args.results, file);
    if (path) inputs.push(readResults(path, file));
    else console.warn(`no results for ${file} under ${args.results}; skipped`);
  }
} else {
  const outDir = args.out ?? mkdtempSync(join(tmpdir(), 'nab-'));
  const t0 = performance.now();
  for (const file of files) {
    if (!existsSync(join(args.data, file))) {
      console.warn(`no data for ${file} under ${args.data}; skipped`);
      continue;
    }
    inputs.push(runDetector(file, outDir, Number(args.chunk)));
  }
  detectMs = performance.now() - t0;
  console.log(`results written to ${join(outDir, args.detector)}`);
}

const results = scoreNabCorpus(inputs, profiles);
const standard = results.find((r) => r.profile === 'standard');
if (args.verbose && standard) {
  for (const row of standard.files) {
    console.log(
      `  ${row.name.padEnd(60)} score ${row.score.toFixed(3).padStart(7)}  TP ${row.tp} FP ${row.fp} FN ${row.fn}`,
    );
  }
}
const points = inputs.reduce((sum, f) => sum + f.timestamps.length, 0);
console.log(`files ${inputs.length}, points ${points}`);
for (const r of results) {
  console.log(
    `${r.profile.padEnd(20)} threshold ${r.threshold.toFixed(6)}  raw ${r.rawScore.toFixed(3)}  normalised ${r.normalizedScore.toFixed(2)}`,
  );
}
for (const half of scoreNabSplit(inputs, profiles)) {
  const figures = half.results.map((r) => `${r.profile} ${r.normalizedScore.toFixed(2)}`).join(', ');
  console.log(
    `split: thresholds tuned on ${half.tunedOn.length} files, reported on the other ${half.reportedOn.length}: ${figures}`,
  );
}
if (detectMs > 0) console.log(`detector time ${(detectMs / 1000).toFixed(2)} s`);
console.log(`run time ${((performance.now() - started) / 1000).toFixed(2)} s`);
console.log(`NAB standard: ${(standard?.normalizedScore ?? Number.NaN).toFixed(2)}`);
