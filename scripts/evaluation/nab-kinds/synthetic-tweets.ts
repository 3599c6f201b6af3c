/**
 * Twitter-mention-like counts (NAB's realTweets: mentions of a company every 5 minutes, ~16k rows):
 * integer counts, overdispersed (gamma–Poisson), with a daily and a weekly cycle, a level that
 * wanders over days, frequent ordinary bursts of heavy-tailed size that decay within hours, and a
 * few missing rows. Injected anomalies: a viral burst far above the ordinary ones, a sustained
 * surge (the topic stays hot for days), and an outage (counts collapse for hours).
 */
import {
  between,
  gamma,
  gaussian,
  intBetween,
  logBetween,
  pareto,
  poisson,
  type Random,
} from '../random-draws';
import { anomalyRows, type InjectedAnomaly, type SyntheticNabSeries } from './synthetic-series';

const STEP_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
/** Ordinary bursts are at most this many times the level (heavy-tailed below it). */
const ORDINARY_BURST_CAP = 6;

/** Onset multiples of the level's daily peak for a viral burst: well above any ordinary burst. */
const VIRAL_SIZE = [12, 40] as const;

function timestamps(length: number, random: Random): number[] {
  const out: number[] = [];
  let t = Date.UTC(
    2015,
    1,
    intBetween(random, 1, 28),
    intBetween(random, 0, 23),
    intBetween(random, 0, 11) * 5,
    53,
  );
  for (let i = 0; i < length; i++) {
    out.push(t);
    // A few rows are missing, as in the real files.
    t += STEP_MS * (random() < 0.002 ? intBetween(random, 2, 12) : 1);
  }
  return out;
}

/** One Twitter-volume-like series with `anomalyCount` labelled anomalies. */
export function syntheticTweets(
  name: string,
  length: number,
  anomalyCount: number,
  random: Random,
): SyntheticNabSeries {
  const ts = timestamps(length, random);
  const level = logBetween(random, 3, 150);
  const amplitude = between(random, 0.35, 0.75);
  const peakHour = between(random, 14, 21);
  const weekend = between(random, 0.55, 0.9);
  const shape = between(random, 3, 15);
  const burstRate = between(random, 1, 4) / 288;
  const cycle = (ms: number) => {
    const hour = (ms % 86_400_000) / HOUR_MS;
    const day = new Date(ms).getUTCDay();
    return (
      (1 + amplitude * Math.cos((2 * Math.PI * (hour - peakHour)) / 24)) *
      (day === 0 || day === 6 ? weekend : 1)
    );
  };

  const multiplier = new Float64Array(length).fill(1);
  const added = new Float64Array(length);
  const addBurst = (at: number, size: number, decay: number) => {
    for (let t = at, v = size; t < length && v > 0.01 * level; t++, v *= Math.exp(-1 / decay))
      added[t] = (added[t] as number) + v;
  };
  const anomalies: InjectedAnomaly[] = [];
  for (const index of anomalyRows(length, anomalyCount, random)) {
    const r = random();
    const trough = level * (1 - amplitude) * weekend;
    if (r < 0.25) {
      const span = intBetween(random, 288, 1152);
      const factor = between(random, 2.5, 4);
      for (let t = index; t < Math.min(length, index + span); t++)
        multiplier[t] = (multiplier[t] as number) * factor;
      anomalies.push({ kind: 'surge', index });
    } else if (r < 0.4 && trough >= 8) {
      const span = intBetween(random, 24, 144);
      for (let t = index; t < Math.min(length, index + span); t++)
        multiplier[t] = (multiplier[t] as number) * 0.03;
      anomalies.push({ kind: 'outage', index });
    } else {
      addBurst(index, level * (1 + amplitude) * between(random, ...VIRAL_SIZE), logBetween(random, 6, 36));
      anomalies.push({ kind: 'viralBurst', index });
    }
  }

  const values: number[] = [];
  let drift = 0;
  for (let t = 0; t < length; t++) {
    // The level wanders over days (AR(1) on its log, stationary sd about 0.3).
    drift = 0.9995 * drift + 0.01 * gaussian(random);
    if (random() < burstRate) {
      addBurst(t, level * Math.min(ORDINARY_BURST_CAP, pareto(random, 0.5, 1.6)), logBetween(random, 2, 24));
    }
    const rate =
      (level * Math.exp(drift) * cycle(ts[t] as number) + (added[t] as number)) * (multiplier[t] as number);
    values.push(poisson((rate * gamma(shape, random)) / shape, random));
  }
  return { name, timestamps: ts, values, anomalies, decimals: 0 };
}
