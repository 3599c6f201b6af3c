import { describe, expect, it } from 'vitest';
import { NAB_PROFILES } from '../../../../../scripts/evaluation/nab/nab-profile';
import { scoreNabCorpus } from '../../../../../scripts/evaluation/nab/score-corpus';
import { scoreNabSplit, splitHalves } from '../../../../../scripts/evaluation/nab/split-corpus';

/** 100 rows one minute apart with one window over rows 40..59 and a spike of `height` at `at`. */
function file(name: string, at: number, height: number) {
  const scores = new Array<number>(100).fill(0);
  scores[at] = height;
  return {
    name,
    timestamps: Array.from({ length: 100 }, (_, i) => i * 60_000),
    scores,
    windows: [[40 * 60_000, 59 * 60_000]] as const,
  };
}

describe('NAB two-fold split', () => {
  it('splits each category in half, disjointly and deterministically', () => {
    const names = ['b/3.csv', 'a/1.csv', 'a/2.csv', 'b/1.csv', 'a/3.csv', 'b/2.csv', 'a/4.csv'];

    const [a, b] = splitHalves(names);

    expect(a).toEqual(['a/1.csv', 'a/3.csv', 'b/1.csv', 'b/3.csv']);
    expect(b).toEqual(['a/2.csv', 'a/4.csv', 'b/2.csv']);
    expect(splitHalves([...names].reverse())).toEqual([a, b]);
  });

  it('reports each half at the threshold tuned on the other, not at its own optimum', () => {
    // Half A detects its windows at score 0.9; half B's true detections score only 0.5, so a
    // threshold tuned on A misses B's windows, while B's own optimum would catch them.
    const inputs = [
      file('x/1.csv', 40, 0.9),
      file('x/2.csv', 40, 0.5),
      file('x/3.csv', 40, 0.9),
      file('x/4.csv', 40, 0.5),
    ];

    const [tunedOnA, tunedOnB] = scoreNabSplit(inputs, NAB_PROFILES);
    const ownOptimumB = scoreNabCorpus(
      [inputs[1], inputs[3]].filter((f) => f !== undefined),
      NAB_PROFILES,
    );

    expect(tunedOnA?.reportedOn).toEqual(['x/2.csv', 'x/4.csv']);
    for (const r of tunedOnA?.results ?? []) expect(r.normalizedScore, r.profile).toBeCloseTo(0, 9);
    for (const r of ownOptimumB) expect(r.normalizedScore, r.profile).toBeCloseTo(100, 9);
    for (const r of tunedOnB?.results ?? []) expect(r.normalizedScore, r.profile).toBeCloseTo(100, 9);
    expect(tunedOnA?.results).toHaveLength(3);
  });
});
