import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFile } from '../../../../../scripts/evaluation/nab/label-file';
import { NAB_PROFILES, parseNabProfiles } from '../../../../../scripts/evaluation/nab/nab-profile';
import { optimizeThreshold, sweepOrder } from '../../../../../scripts/evaluation/nab/optimize-threshold';
import { parseNabCsv } from '../../../../../scripts/evaluation/nab/parse-nab-csv';
import { parseNabWindows } from '../../../../../scripts/evaluation/nab/parse-nab-windows';
import { scoreNabCorpus } from '../../../../../scripts/evaluation/nab/score-corpus';
import { scoreFile } from '../../../../../scripts/evaluation/nab/score-file';
import { benchmarkData } from '../../../../support/benchmark-data';

const { root: ROOT, available: HAS_DATA } = benchmarkData('nab', 'published');
const DETECTORS = ['numenta', 'randomCutForest', 'windowedGaussian', 'null'] as const;

interface PublishedRow {
  file: string;
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

function readPublished(detector: string, profile: string): PublishedRow[] {
  const text = readFileSync(join(ROOT, 'published', detector, `${detector}_${profile}_scores.csv`), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [, , file = '', threshold, score, tp, tn, fp, fn, total] = line.split(',');
      return {
        file,
        threshold: Number(threshold),
        score: Number(score),
        tp: Number(tp),
        tn: Number(tn),
        fp: Number(fp),
        fn: Number(fn),
        total: Number(total),
      };
    });
}

function labelled(detector: string, file: string, windows: ReturnType<typeof parseNabWindows>) {
  const [category, base] = file.split('/');
  const path = join(ROOT, 'published', detector, category ?? '', `${detector}_${base}`);
  const series = parseNabCsv(readFileSync(path, 'utf8'));
  return labelFile({
    name: file,
    timestamps: series.timestamps,
    scores: series.values,
    windows: windows[file] ?? [],
  });
}

describe.skipIf(!HAS_DATA)('NAB scorer against the published per-file scores', () => {
  const windows = HAS_DATA
    ? parseNabWindows(JSON.parse(readFileSync(join(ROOT, 'labels', 'combined_windows.json'), 'utf8')))
    : {};
  const profiles = HAS_DATA
    ? parseNabProfiles(JSON.parse(readFileSync(join(ROOT, 'config', 'profiles.json'), 'utf8')))
    : NAB_PROFILES;

  it.each(DETECTORS)(
    'reproduces every %s row (Score, TP, TN, FP, FN) at the published thresholds',
    (detector) => {
      // Arrange
      const files = new Map<string, ReturnType<typeof labelled>>();
      const mismatches: string[] = [];
      let rows = 0;

      for (const [profile, weights] of Object.entries(profiles)) {
        for (const row of readPublished(detector, profile)) {
          const file = files.get(row.file) ?? labelled(detector, row.file, windows);
          files.set(row.file, file);

          // Act
          const got = scoreFile(file, row.threshold, weights);

          // Assert (collected so a failure lists every differing row)
          rows++;
          const same =
            Math.abs(got.score - row.score) < 1e-9 &&
            got.tp === row.tp &&
            got.tn === row.tn &&
            got.fp === row.fp &&
            got.fn === row.fn &&
            got.total === row.total;
          if (!same)
            mismatches.push(
              `${profile} ${row.file}: published ${JSON.stringify(row)} got ${JSON.stringify(got)}`,
            );
        }
      }
      expect(rows).toBe(35 * 3);
      expect(mismatches).toEqual([]);
    },
  );

  it('finds a threshold on the shipped files at least as good as the published full-corpus one', () => {
    // The published threshold was optimised over the 58-file corpus; on this subset our optimum
    // must score at least as high at the same profile, or the sweep missed a candidate.
    const published = readPublished('numenta', 'standard');
    const files = published.map((row) => labelled('numenta', row.file, windows));
    const weights = profiles['standard'] ?? NAB_PROFILES['standard'];
    if (!weights) throw new Error('standard profile missing');
    const atPublished = files.reduce(
      (sum, f) => sum + scoreFile(f, published[0]?.threshold ?? 0, weights).score,
      0,
    );

    const best = optimizeThreshold(sweepOrder(files), weights);
    const atBest = files.reduce((sum, f) => sum + scoreFile(f, best.threshold, weights).score, 0);

    expect(best.score).toBeGreaterThanOrEqual(atPublished - 1e-9);
    expect(atBest).toBeCloseTo(best.score, 9);
  });

  it("scores NAB's published null detector 0 and a perfect detector 100 on the shipped files, every profile", () => {
    // Arrange: the null detector's published outputs; the perfect detector fires at the first row of each window.
    const names = readPublished('null', 'standard').map((row) => row.file);
    const nullInputs = names.map((file) => {
      const [category, base] = file.split('/');
      const series = parseNabCsv(
        readFileSync(join(ROOT, 'published', 'null', category ?? '', `null_${base}`), 'utf8'),
      );
      return {
        name: file,
        timestamps: series.timestamps,
        scores: series.values,
        windows: windows[file] ?? [],
      };
    });
    const perfectInputs = nullInputs.map((f) => {
      const scores = f.timestamps.map(() => 0);
      for (const [start] of f.windows) {
        const first = f.timestamps.findIndex((t) => t >= start);
        if (first >= 0) scores[first] = 1;
      }
      return { ...f, scores };
    });

    // Act
    const nullScores = scoreNabCorpus(nullInputs, profiles);
    const perfectScores = scoreNabCorpus(perfectInputs, profiles);

    // Assert
    expect(nullInputs.reduce((n, f) => n + f.windows.length, 0)).toBeGreaterThan(0);
    expect(nullScores).toHaveLength(3);
    for (const r of nullScores) expect(r.normalizedScore, r.profile).toBeCloseTo(0, 9);
    for (const r of perfectScores) expect(r.normalizedScore, r.profile).toBeCloseTo(100, 9);
  });
});
