/** Scores a detector's outputs over a NAB corpus: per-profile optimised threshold, raw and normalised score, per-file rows. */
import { type LabelledNabFile, labelFile, type NabFileInput } from './label-file';
import { NAB_PROFILES, type NabProfiles } from './nab-profile';
import { optimizeThreshold, sweepOrder } from './optimize-threshold';
import { type NabFileScore, scoreFile } from './score-file';

export interface NabProfileResult {
  readonly profile: string;
  readonly threshold: number;
  readonly rawScore: number;
  readonly nullScore: number;
  readonly perfectScore: number;
  /** 100 · (raw − null) / (perfect − null): the null detector scores 0, the perfect one 100. */
  readonly normalizedScore: number;
  readonly files: readonly NabFileScore[];
}

/**
 * Normalises a raw score between the null detector (detects nothing: −fnWeight per window)
 * and the perfect detector (detects each window at its first row: +tpWeight per window).
 */
export function normalizeNabScore(raw: number, windowCount: number, tpWeight: number, fnWeight: number) {
  const nullScore = -fnWeight * windowCount;
  const perfectScore = tpWeight * windowCount;
  const span = perfectScore - nullScore;
  return { nullScore, perfectScore, normalizedScore: span === 0 ? 0 : (100 * (raw - nullScore)) / span };
}

/**
 * NAB's corpus scoring (Lavin & Ahmad 2015): per profile, the threshold is optimised once
 * across all files, then every file is scored at it and the totals are normalised.
 * `thresholds` fixes a profile's threshold instead (e.g. to re-score at a published one).
 */
export function scoreNabCorpus(
  inputs: readonly NabFileInput[],
  profiles: NabProfiles = NAB_PROFILES,
  thresholds: Readonly<Record<string, number>> = {},
): NabProfileResult[] {
  const files: LabelledNabFile[] = inputs.map(labelFile);
  const order = sweepOrder(files);
  const windowCount = files.reduce((sum, f) => sum + f.windows.length, 0);
  return Object.entries(profiles).map(([profile, weights]) => {
    const threshold = thresholds[profile] ?? optimizeThreshold(order, weights).threshold;
    const rows = files.map((file) => scoreFile(file, threshold, weights));
    const rawScore = rows.reduce((sum, r) => sum + r.score, 0);
    return {
      profile,
      threshold,
      rawScore,
      ...normalizeNabScore(rawScore, windowCount, weights.tpWeight, weights.fnWeight),
      files: rows,
    };
  });
}
