/**
 * What the synthetic NAB-kind generators share: a labelled series, where its anomalies may go,
 * NAB's window rule, and NAB's file layout (data/<category>/<file>.csv, labels/combined_windows.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NabWindow } from '../nab/label-file';
import { probationaryPeriod } from '../nab/probationary-period';
import { intBetween, type Random } from '../random-draws';

/** One injected anomaly: its kind and the row of its onset (NAB's label timestamp). */
export interface InjectedAnomaly {
  readonly kind: string;
  readonly index: number;
}

export interface SyntheticNabSeries {
  /** Corpus-relative file name, e.g. `syntheticTweets/Twitter_volume_s1_03.csv`. */
  readonly name: string;
  /** Epoch ms, ascending (irregular where the kind is). */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly anomalies: readonly InjectedAnomaly[];
  /** Decimals the values are written with (counts 0). */
  readonly decimals: number;
}

/** NAB's window size: the windows of a file cover 10% of its rows, shared equally among its anomalies. */
export const WINDOW_FRACTION = 0.1;

/**
 * NAB's labelling rule (Lavin & Ahmad 2015, section 3): each anomaly gets a window of
 * 0.1 × rows / anomalies rows centred on its label, clipped to the file; returned as epoch-ms ranges.
 */
export function nabWindows(series: Pick<SyntheticNabSeries, 'timestamps' | 'anomalies'>): NabWindow[] {
  const n = series.timestamps.length;
  const count = series.anomalies.length;
  if (count === 0) return [];
  const half = Math.floor((WINDOW_FRACTION * n) / count / 2);
  return series.anomalies.map(({ index }) => {
    const left = Math.max(0, index - half);
    const right = Math.min(n - 1, index + half);
    return [series.timestamps[left] as number, series.timestamps[right] as number] as const;
  });
}

/**
 * Onset rows for `count` anomalies: one in each of `count` equal slices of the rows after the
 * probationary period and half a window, kept a window from the slice edges so windows never
 * overlap and each anomaly has quiet rows before it.
 */
export function anomalyRows(length: number, count: number, random: Random): number[] {
  if (count === 0) return [];
  const half = Math.floor((WINDOW_FRACTION * length) / count / 2);
  const first = probationaryPeriod(length) + 2 * half;
  const last = length - 2 * half;
  const slice = (last - first) / count;
  return Array.from({ length: count }, (_, k) => {
    const lo = Math.floor(first + k * slice + half);
    const hi = Math.floor(first + (k + 1) * slice - half);
    return intBetween(random, lo, Math.max(lo, hi));
  });
}

/** NAB's timestamp text: "YYYY-MM-DD HH:MM:SS", naive (UTC here). */
export function nabTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Writes the series and their windows under `root` in NAB's layout; returns the windows file's path. */
export function writeNabCorpus(root: string, series: readonly SyntheticNabSeries[]): string {
  const windows: Record<string, [string, string][]> = {};
  for (const s of series) {
    const path = join(root, 'data', s.name);
    mkdirSync(dirname(path), { recursive: true });
    const rows = s.timestamps.map(
      (t, i) => `${nabTimestamp(t)},${(s.values[i] as number).toFixed(s.decimals)}`,
    );
    writeFileSync(path, `timestamp,value\n${rows.join('\n')}\n`);
    windows[s.name] = nabWindows(s).map(([a, b]) => [
      `${nabTimestamp(a)}.000000`,
      `${nabTimestamp(b)}.000000`,
    ]);
  }
  const labels = join(root, 'labels', 'combined_windows.json');
  mkdirSync(dirname(labels), { recursive: true });
  writeFileSync(labels, `${JSON.stringify(windows, null, 2)}\n`);
  return labels;
}
