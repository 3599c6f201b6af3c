/** Finds the one threshold per profile that maximises NAB's total raw score across the corpus. */
import type { LabelledNabFile } from './label-file';
import type { NabCostMatrix } from './nab-profile';

export interface ThresholdChoice {
  readonly threshold: number;
  /** Total raw score over the corpus at that threshold. */
  readonly score: number;
}

/** Scored rows of the whole corpus sorted by anomaly score, highest first (profile-independent). */
export interface CorpusSweepOrder {
  readonly files: readonly LabelledNabFile[];
  readonly fileOf: Int32Array;
  readonly rowOf: Int32Array;
}

/** Sorts every scored row of the corpus once, so each profile's sweep is linear. */
export function sweepOrder(files: readonly LabelledNabFile[]): CorpusSweepOrder {
  const fileIdx: number[] = [];
  const rowIdx: number[] = [];
  files.forEach((file, f) => {
    for (let i = file.probation; i < file.length; i++) {
      fileIdx.push(f);
      rowIdx.push(i);
    }
  });
  const order = Array.from({ length: fileIdx.length }, (_, k) => k);
  const score = (k: number) => files[fileIdx[k] ?? 0]?.scores[rowIdx[k] ?? 0] ?? 0;
  order.sort((a, b) => score(b) - score(a));
  return {
    files,
    fileOf: Int32Array.from(order, (k) => fileIdx[k] ?? 0),
    rowOf: Int32Array.from(order, (k) => rowIdx[k] ?? 0),
  };
}

/**
 * Sweeps the threshold down through every distinct anomaly score (NAB's threshold
 * optimisation, Lavin & Ahmad 2015 section 4), updating the total incrementally: a row that
 * becomes detected either adds its false-positive cost or, when it is the earliest detection
 * so far in its window, replaces that window's contribution. Ties keep the higher threshold.
 * A threshold above every score (nothing detected) is the starting candidate.
 */
export function optimizeThreshold(order: CorpusSweepOrder, profile: NabCostMatrix): ThresholdChoice {
  const { files, fileOf, rowOf } = order;
  const firstRow = files.map((file) => new Array<number>(file.windows.length).fill(-1));
  let total = 0;
  let maxScore = Number.NEGATIVE_INFINITY;
  for (const file of files) {
    total -= profile.fnWeight * file.windows.length;
    for (let i = file.probation; i < file.length; i++) maxScore = Math.max(maxScore, file.scores[i] ?? 0);
  }
  let best: ThresholdChoice = { threshold: Number.isFinite(maxScore) ? maxScore + 1 : 1, score: total };
  let k = 0;
  while (k < fileOf.length) {
    const file0 = files[fileOf[k] ?? 0];
    const threshold = file0?.scores[rowOf[k] ?? 0] ?? 0;
    // Apply every row sharing this score before evaluating the threshold.
    while (k < fileOf.length) {
      const f = fileOf[k] ?? 0;
      const file = files[f];
      const row = rowOf[k] ?? 0;
      if (!file || (file.scores[row] ?? 0) !== threshold) break;
      const w = file.windowOf[row] ?? -1;
      if (w < 0) {
        total += profile.fpWeight * (file.fpUnit[row] ?? -1);
      } else {
        const firsts = firstRow[f] ?? [];
        const prev = firsts[w] ?? -1;
        if (prev === -1 || row < prev) {
          total -= prev === -1 ? -profile.fnWeight : profile.tpWeight * (file.tpUnit[prev] ?? 0);
          total += profile.tpWeight * (file.tpUnit[row] ?? 0);
          firsts[w] = row;
        }
      }
      k++;
    }
    if (total > best.score + 1e-12) best = { threshold, score: total };
  }
  return best;
}
