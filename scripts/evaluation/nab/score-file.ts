/** Scores one labelled file at one threshold under one profile: NAB's raw score and confusion counts. */
import type { LabelledNabFile } from './label-file';
import type { NabCostMatrix } from './nab-profile';

/** One row of NAB's per-file score table. */
export interface NabFileScore {
  readonly name: string;
  readonly threshold: number;
  readonly score: number;
  /** Counts of scored (non-probationary) rows; a row is detected when its score >= threshold. */
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly total: number;
}

/**
 * Raw NAB score of a file: each window earns tpWeight × its first detection's reward, or
 * −fnWeight when undetected; every detection outside windows costs fpWeight × its unit cost.
 */
export function scoreFile(file: LabelledNabFile, threshold: number, profile: NabCostMatrix): NabFileScore {
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let score = 0;
  const first = new Array<number>(file.windows.length).fill(-1);
  for (let i = file.probation; i < file.length; i++) {
    const detected = (file.scores[i] ?? 0) >= threshold;
    const w = file.windowOf[i] ?? -1;
    if (w >= 0) {
      if (detected) {
        tp++;
        if (first[w] === -1) first[w] = i;
      } else fn++;
    } else if (detected) {
      fp++;
      score += profile.fpWeight * (file.fpUnit[i] ?? -1);
    } else tn++;
  }
  for (const row of first) {
    score += row >= 0 ? profile.tpWeight * (file.tpUnit[row] ?? 0) : -profile.fnWeight;
  }
  return { name: file.name, threshold, score, tp, tn, fp, fn, total: file.length };
}
