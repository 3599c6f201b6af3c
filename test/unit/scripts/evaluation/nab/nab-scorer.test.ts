import { describe, expect, it } from 'vitest';
import { labelFile } from '../../../../../scripts/evaluation/nab/label-file';
import { NAB_PROFILES } from '../../../../../scripts/evaluation/nab/nab-profile';
import { optimizeThreshold, sweepOrder } from '../../../../../scripts/evaluation/nab/optimize-threshold';
import { parseNabCsv } from '../../../../../scripts/evaluation/nab/parse-nab-csv';
import { parseNabWindows } from '../../../../../scripts/evaluation/nab/parse-nab-windows';
import { probationaryPeriod } from '../../../../../scripts/evaluation/nab/probationary-period';
import { scaledSigmoid } from '../../../../../scripts/evaluation/nab/scaled-sigmoid';
import { scoreNabCorpus } from '../../../../../scripts/evaluation/nab/score-corpus';
import { scoreFile } from '../../../../../scripts/evaluation/nab/score-file';
import { ValidationError } from '../../../../../shared/domain/errors';

const STANDARD = NAB_PROFILES['standard'] ?? { tpWeight: 1, fpWeight: 0.11, fnWeight: 1, tnWeight: 1 };

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 100 rows one minute apart; probation is 15 rows; one window over rows 40..59. */
function syntheticFile(scores: number[], name = 'a.csv') {
  const timestamps = scores.map((_, i) => i * 60_000);
  return labelFile({ name, timestamps, scores, windows: [[40 * 60_000, 59 * 60_000]] });
}

describe('NAB scoring primitives', () => {
  it('scaled sigmoid is 2/(1+e^(5y)) - 1, and -1 beyond three window lengths', () => {
    expect(scaledSigmoid(0)).toBeCloseTo(0, 12);
    expect(scaledSigmoid(-1)).toBeCloseTo(2 / (1 + Math.exp(-5)) - 1, 12);
    expect(scaledSigmoid(2.9)).toBeCloseTo(2 / (1 + Math.exp(14.5)) - 1, 12);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('probation is 15% of the file, capped at 750 rows', () => {
    expect(probationaryPeriod(4032)).toBe(604);
    expect(probationaryPeriod(22695)).toBe(750);
  });

  it('rewards the earliest detection in a window most and ignores later ones in it', () => {
    const early = new Array(100).fill(0);
    early[40] = 1;
    early[50] = 1;
    const late = new Array(100).fill(0);
    late[59] = 1;

    const atStart = scoreFile(syntheticFile(early), 0.5, STANDARD);
    const atEnd = scoreFile(syntheticFile(late), 0.5, STANDARD);

    expect(atStart.score).toBeCloseTo(1, 12);
    expect(atStart).toMatchObject({ tp: 2, fn: 18, fp: 0, tn: 100 - 15 - 20 });
    expect(atEnd.score).toBeCloseTo(scaledSigmoid(-1 / 20) / scaledSigmoid(-1), 12);
  });

  it('charges false positives -fpWeight before a window and less just after one', () => {
    const before = new Array(100).fill(0);
    before[20] = 1;
    const after = new Array(100).fill(0);
    after[61] = 1;
    const inProbation = new Array(100).fill(0);
    inProbation[3] = 1;

    expect(scoreFile(syntheticFile(before), 0.5, STANDARD).score).toBeCloseTo(-STANDARD.fpWeight - 1, 12);
    expect(scoreFile(syntheticFile(after), 0.5, STANDARD).score).toBeCloseTo(
      STANDARD.fpWeight * scaledSigmoid(2 / 19) - 1,
      12,
    );
    expect(scoreFile(syntheticFile(inProbation), 0.5, STANDARD)).toMatchObject({ score: -1, fp: 0 });
  });

  it('the threshold sweep finds the same optimum as scoring every candidate threshold', () => {
    // Arrange: three random files; brute force over all distinct scores is the independent oracle.
    const rand = lcg(42);
    const files = [0, 1, 2].map((k) =>
      syntheticFile(
        Array.from({ length: 100 }, () => Math.round(rand() * 50) / 50),
        `f${k}.csv`,
      ),
    );
    for (const [name, weights] of Object.entries(NAB_PROFILES)) {
      const candidates = [...new Set(files.flatMap((f) => [...f.scores]))];
      const brute = Math.max(
        -weights.fnWeight * 3,
        ...candidates.map((t) => files.reduce((sum, f) => sum + scoreFile(f, t, weights).score, 0)),
      );

      // Act
      const best = optimizeThreshold(sweepOrder(files), weights);

      // Assert
      expect(best.score, name).toBeCloseTo(brute, 9);
    }
  });

  it("normalises so NAB's null detector scores 0 and its perfect detector 100 on every profile", () => {
    // Arrange: three files with one or two windows each. NAB's null detector outputs a constant 0.5;
    // its perfect detector fires once, at the first row of every window.
    const windowsOf = [
      [[40, 59]],
      [
        [30, 44],
        [70, 84],
      ],
      [[50, 54]],
    ] as const;
    const inputs = windowsOf.map((rows, k) => ({
      name: `f${k}.csv`,
      timestamps: Array.from({ length: 100 }, (_, i) => i * 60_000),
      windows: rows.map(([a, b]) => [a * 60_000, b * 60_000] as const),
    }));
    const nullDetector = inputs.map((f) => ({ ...f, scores: new Array<number>(100).fill(0.5) }));
    const perfect = inputs.map((f, k) => {
      const scores = new Array<number>(100).fill(0);
      for (const [first] of windowsOf[k] ?? []) scores[first] = 1;
      return { ...f, scores };
    });
    const oneLate = perfect.map((f, k) => {
      if (k > 0) return f;
      const scores = new Array<number>(100).fill(0);
      scores[59] = 1;
      return { ...f, scores };
    });

    // Act
    const nullScores = scoreNabCorpus(nullDetector, NAB_PROFILES);
    const perfectScores = scoreNabCorpus(perfect, NAB_PROFILES);
    const lateScores = scoreNabCorpus(oneLate, NAB_PROFILES);

    // Assert
    expect(nullScores.map((r) => r.profile)).toEqual(Object.keys(NAB_PROFILES));
    for (const r of nullScores) expect(r.normalizedScore, r.profile).toBeCloseTo(0, 9);
    for (const r of perfectScores) expect(r.normalizedScore, r.profile).toBeCloseTo(100, 9);
    for (const r of lateScores) {
      expect(r.normalizedScore, r.profile).toBeGreaterThan(0);
      expect(r.normalizedScore, r.profile).toBeLessThan(100);
    }
  });

  it('rejects malformed CSV and windows with typed errors', () => {
    expect(() => parseNabCsv('timestamp,value\n2014-01-01 00:00:00,abc\n')).toThrow(ValidationError);
    expect(() => parseNabWindows({ 'a.csv': [['2014-01-02', '2014-01-01']] })).toThrow(ValidationError);
    expect(() => parseNabWindows({ 'a.csv': 'nope' })).toThrow(ValidationError);
  });
});
