/** Scores detector outputs on a synthetic NAB-kind corpus: NAB's profiles plus plain alarm and detection counts. */
import { lowerBound, type NabFileInput } from '../nab/label-file';
import type { NabProfiles } from '../nab/nab-profile';
import { probationaryPeriod } from '../nab/probationary-period';
import { type NabProfileResult, scoreNabCorpus } from '../nab/score-corpus';
import type { InjectedAnomaly } from './synthetic-series';

/** One series' detector scores, its NAB windows (as row ranges via the scorer) and its injected anomalies. */
export interface ScoredKindSeries extends NabFileInput {
  readonly anomalies: readonly InjectedAnomaly[];
}

export interface KindCorpusScore {
  readonly nab: readonly NabProfileResult[];
  /** Flags (score ≥ threshold) per 1,000 scored rows outside every window. */
  readonly falseAlarmsPer1000: number;
  readonly quietRows: number;
  /** Injected anomalies with a flag inside their window, by anomaly kind: [found, injected]. */
  readonly detected: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * NAB's score (threshold optimised on these series, as NAB does per corpus) and, at the fixed
 * `threshold` a user would alert at, false alarms on scored rows outside the windows and which
 * injected anomalies were flagged within their window. Each series' windows pair with its
 * anomalies in order (both are in time order).
 */
export function scoreKindCorpus(
  series: readonly ScoredKindSeries[],
  profiles: NabProfiles,
  threshold: number,
): KindCorpusScore {
  let alarms = 0;
  let quietRows = 0;
  const detected: Record<string, [number, number]> = {};
  for (const s of series) {
    const inWindow = new Uint8Array(s.timestamps.length);
    s.windows.forEach(([start, end], w) => {
      const left = lowerBound(s.timestamps, start);
      const right = lowerBound(s.timestamps, end + 1) - 1;
      let found = false;
      for (let i = left; i <= right; i++) {
        inWindow[i] = 1;
        if ((s.scores[i] ?? 0) >= threshold) found = true;
      }
      const kind = s.anomalies[w]?.kind ?? 'unknown';
      const tally = detected[kind] ?? [0, 0];
      detected[kind] = [tally[0] + (found ? 1 : 0), tally[1] + 1];
    });
    for (let i = probationaryPeriod(s.timestamps.length); i < s.timestamps.length; i++) {
      if (inWindow[i]) continue;
      quietRows++;
      if ((s.scores[i] ?? 0) >= threshold) alarms++;
    }
  }
  return {
    nab: scoreNabCorpus(series, profiles),
    falseAlarmsPer1000: quietRows > 0 ? (1000 * alarms) / quietRows : 0,
    quietRows,
    detected,
  };
}
