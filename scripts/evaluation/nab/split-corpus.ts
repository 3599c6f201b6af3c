/** Scores a detector on half of the NAB corpus at thresholds tuned on the other half, so the figure is not tuned on what it reports. */
import { dirname } from 'node:path';
import type { NabFileInput } from './label-file';
import type { NabProfiles } from './nab-profile';
import { type NabProfileResult, scoreNabCorpus } from './score-corpus';

/**
 * Splits file names into two halves, alternating within each category in name order, so each
 * half holds about half of every kind of data (artificial, AWS CloudWatch, known causes).
 */
export function splitHalves(names: readonly string[]): [string[], string[]] {
  const byCategory = new Map<string, string[]>();
  for (const name of [...names].sort()) {
    const list = byCategory.get(dirname(name)) ?? [];
    list.push(name);
    byCategory.set(dirname(name), list);
  }
  const a: string[] = [];
  const b: string[] = [];
  for (const list of byCategory.values()) {
    list.forEach((name, i) => {
      (i % 2 === 0 ? a : b).push(name);
    });
  }
  return [a, b];
}

/** One direction of the split: thresholds optimised on `tunedOn`, scores of the other half at them. */
export interface NabHeldOutResult {
  readonly tunedOn: readonly string[];
  readonly reportedOn: readonly string[];
  readonly results: readonly NabProfileResult[];
}

/**
 * Both directions of the two-fold split: per profile, NAB's threshold optimisation runs on one
 * half only, and the other half is scored (and normalised on its own windows) at that threshold.
 */
export function scoreNabSplit(inputs: readonly NabFileInput[], profiles: NabProfiles): NabHeldOutResult[] {
  const halves = splitHalves(inputs.map((f) => f.name));
  return [0, 1].map((k) => {
    const tunedOn = halves[k] ?? [];
    const reportedOn = halves[1 - k] ?? [];
    const pick = (names: readonly string[]) => inputs.filter((f) => names.includes(f.name));
    const thresholds = Object.fromEntries(
      scoreNabCorpus(pick(tunedOn), profiles).map((r) => [r.profile, r.threshold]),
    );
    return { tunedOn, reportedOn, results: scoreNabCorpus(pick(reportedOn), profiles, thresholds) };
  });
}
