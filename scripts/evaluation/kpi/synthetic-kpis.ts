/**
 * Synthetic business KPI series with labelled anomalies, for the short-series detector's
 * evaluation: counts per minute, hour or day with the cycles such KPIs have (a weekly one for
 * days, a daily one for hours, none for minutes), a slow trend, Poisson noise plus a few percent
 * of extra variation, and injected spikes, level shifts, drops to zero and trend breaks. Every
 * draw comes from one seeded generator, so a seed names a data set.
 */
import { seededRandom } from '../../../test/support/seeded-random';
import { between, gaussian, logBetween, poisson } from '../random-draws';

export const grains = ['1m', '1h', '1d'] as const;
export type Grain = (typeof grains)[number];
export const anomalyKinds = ['spike', 'levelShift', 'dropToZero', 'trendBreak'] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];

/** One injected anomaly and its window: a flag at an index in [start, end) detects it. */
export interface LabelledAnomaly {
  readonly kind: AnomalyKind;
  readonly start: number;
  readonly end: number;
}

export interface KpiSeries {
  readonly grain: Grain;
  /** Epoch milliseconds, one per value, `spacing` apart. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly anomalies: readonly LabelledAnomaly[];
}

const spacingMs: Record<Grain, number> = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 };

/** Points after which an anomaly may start: the detector scores from its tenth point on. */
export const firstAnomalyAt = 14;
/** Points between the starts of two anomalies of one series, at least. */
const anomalyGap = 20;
/**
 * Windows: a spike is one point; a level shift is detected if flagged in its first 5 points; a
 * drop to zero within its zeros or the 3 points of recovery after them (a return to the old
 * level after several zeros is itself unusual); a trend break (a new slope for 10 points, then
 * a plateau), growing slowly, within 15 points.
 */
const window = { spike: 1, levelShift: 5, dropRecovery: 3, trendBreak: 15 } as const;
/** Points a trend break keeps its new slope for. */
const trendSpan = 10;

/** The expected value (before noise) of each point: level, cycle and trend. */
function baseline(grain: Grain, length: number, random: () => number): number[] {
  const level = grain === '1m' ? logBetween(random, 5, 300) : logBetween(random, 50, 5000);
  const trend = between(random, -0.003, 0.005) * level;
  const weekly = [1, 1, 1, 1, 1, between(random, 0.5, 0.8), between(random, 0.4, 0.75)];
  const amplitude = between(random, 0.3, 0.7);
  const phase = Math.floor(random() * 24);
  const firstDay = Math.floor(random() * 7);
  return Array.from({ length }, (_, t) => {
    const cycle =
      grain === '1d'
        ? (weekly[(firstDay + t) % 7] as number)
        : grain === '1h'
          ? 1 + amplitude * Math.sin((2 * Math.PI * (t + phase)) / 24)
          : 1;
    return Math.max(0.5, (level + trend * t) * cycle);
  });
}

/** Noise standard deviation around an expected value: Poisson plus `extra` relative variation. */
const noiseSd = (mean: number, extra: number) => Math.sqrt(mean + (extra * mean) ** 2);

function pickKind(random: () => number, mean: number): AnomalyKind {
  const r = random();
  if (r < 0.4) return 'spike';
  if (r < 0.7) return 'levelShift';
  // Zero is only unusual where the series is well above it.
  if (r < 0.85) return mean >= 25 ? 'dropToZero' : 'spike';
  return 'trendBreak';
}

/** One series of the grain with 0 to 3 anomalies. */
export function syntheticKpi(grain: Grain, random: () => number): KpiSeries {
  const minLength = grain === '1h' ? 48 : 30;
  const length = Math.floor(between(random, minLength, 151));
  const expected = baseline(grain, length, random);
  const extra = between(random, 0.02, grain === '1m' ? 0.04 : 0.08);
  const wanted = random() < 0.2 ? 0 : 1 + Math.floor(random() * 3);
  const starts: number[] = [];
  for (let t = firstAnomalyAt + Math.floor(random() * 10); t < length - 6 && starts.length < wanted; ) {
    starts.push(t);
    t += anomalyGap + Math.floor(random() * 20);
  }
  const anomalies: LabelledAnomaly[] = [];
  const zeros = new Set<number>();
  const spikes = new Map<number, number>();
  for (const start of starts) {
    const mean = expected[start] as number;
    const sd = noiseSd(mean, extra);
    const kind = pickKind(random, mean);
    const up = random() < 0.6;
    if (kind === 'spike') {
      const size = between(random, 6, 12) * sd;
      // A dip can go no lower than zero: where that is less than the size, the spike goes up.
      spikes.set(start, up || size > 0.9 * mean ? size : -size);
      anomalies.push({ kind, start, end: start + window.spike });
    } else if (kind === 'levelShift') {
      const ratio = Math.max(between(random, 0.25, 0.6), (5 * sd) / mean);
      const factor = up ? 1 + ratio : Math.max(0.1, 1 - ratio);
      for (let t = start; t < length; t++) expected[t] = (expected[t] as number) * factor;
      anomalies.push({ kind, start, end: start + window.levelShift });
    } else if (kind === 'dropToZero') {
      const span = 1 + Math.floor(random() * 4);
      for (let t = start; t < Math.min(length, start + span); t++) zeros.add(t);
      anomalies.push({ kind, start, end: start + span + window.dropRecovery });
    } else {
      const slope = between(random, 0.5, 1) * sd * (up ? 1 : -1);
      for (let t = start; t < length; t++)
        expected[t] = Math.max(0.5, (expected[t] as number) + slope * Math.min(t - start + 1, trendSpan));
      anomalies.push({ kind, start, end: start + window.trendBreak });
    }
  }
  const values = expected.map((mean, t) => {
    if (zeros.has(t)) return 0;
    const noisy = poisson(mean * Math.max(0.05, 1 + extra * gaussian(random)), random);
    return Math.max(0, Math.round(noisy + (spikes.get(t) ?? 0)));
  });
  const origin = Date.UTC(2026, 0, 5);
  return {
    grain,
    timestamps: values.map((_, t) => origin + t * spacingMs[grain]),
    values,
    anomalies,
  };
}

/** `count` series per grain from one seed. */
export function syntheticKpis(seed: number, count: number): KpiSeries[] {
  const random = seededRandom(seed);
  return grains.flatMap((grain) => Array.from({ length: count }, () => syntheticKpi(grain, random)));
}
