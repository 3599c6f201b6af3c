/**
 * Ad-exchange-like metrics (NAB's realAdExchange: hourly cost per click or per thousand
 * impressions, ~1.6k rows): a ratio whose noise grows as the hour's volume falls (night hours
 * are noisier), a mild daily cycle, a price level that moves in regimes (changes of a few tens of
 * percent every week or so, over a few hours), and irregular gaps (missing hours, now and then
 * days). Injected anomalies: a price spike for a few hours, an abrupt lasting level shift far
 * beyond the ordinary regimes, and a collapse towards 0 (broken tracking).
 */
import { between, gaussian, intBetween, logBetween, poisson, type Random } from '../random-draws';
import { anomalyRows, type InjectedAnomaly, type SyntheticNabSeries } from './synthetic-series';

export const adMetrics = ['cpc', 'cpm'] as const;
export type AdMetric = (typeof adMetrics)[number];

const HOUR_MS = 3_600_000;

/** One ad-exchange series with `anomalyCount` labelled anomalies. */
export function syntheticAdExchange(
  name: string,
  metric: AdMetric,
  length: number,
  anomalyCount: number,
  random: Random,
): SyntheticNabSeries {
  const ts: number[] = [];
  let t0 = Date.UTC(2011, 6, intBetween(random, 1, 5), intBetween(random, 0, 23));
  for (let i = 0; i < length; i++) {
    ts.push(t0);
    const r = random();
    t0 += HOUR_MS * (r < 0.001 ? intBetween(random, 12, 72) : r < 0.015 ? intBetween(random, 2, 4) : 1);
  }
  const price = metric === 'cpc' ? logBetween(random, 0.05, 0.5) : logBetween(random, 0.3, 2.5);
  const volume = logBetween(random, 15, 400);
  const volumeSwing = between(random, 0.4, 0.8);
  const priceSwing = between(random, 0.03, 0.15);
  const peakHour = between(random, 12, 20);
  const unitNoise = between(random, 0.3, 0.6);

  const factor = new Float64Array(length).fill(1);
  const anomalies: InjectedAnomaly[] = [];
  for (const index of anomalyRows(length, anomalyCount, random)) {
    const r = random();
    if (r < 0.4) {
      const span = intBetween(random, 1, 4);
      const size = between(random, 2.5, 4);
      for (let t = index; t < Math.min(length, index + span); t++) factor[t] = (factor[t] as number) * size;
      anomalies.push({ kind: 'spike', index });
    } else if (r < 0.8) {
      const span = intBetween(random, 48, 300);
      const size = random() < 0.5 ? between(random, 1.8, 2.6) : between(random, 0.3, 0.5);
      for (let t = index; t < Math.min(length, index + span); t++) factor[t] = (factor[t] as number) * size;
      anomalies.push({ kind: 'levelShift', index });
    } else {
      const span = intBetween(random, 3, 24);
      for (let t = index; t < Math.min(length, index + span); t++) factor[t] = (factor[t] as number) * 0.05;
      anomalies.push({ kind: 'collapse', index });
    }
  }

  const values: number[] = [];
  let regime = 0;
  let target = 0;
  for (let t = 0; t < length; t++) {
    // Ordinary regimes: a new price level about weekly, reached over a few hours.
    if (random() < 1 / 170) target = Math.max(-0.5, Math.min(0.5, target + 0.18 * gaussian(random)));
    regime += 0.25 * (target - regime);
    const hour = ((ts[t] as number) % 86_400_000) / HOUR_MS;
    const phase = Math.cos((2 * Math.PI * (hour - peakHour)) / 24);
    const units = Math.max(1, poisson(volume * (1 + volumeSwing * phase), random));
    const noise = (unitNoise / Math.sqrt(units)) * gaussian(random);
    values.push(price * Math.exp(regime + priceSwing * phase + noise) * (factor[t] as number));
  }
  return { name, timestamps: ts, values, anomalies, decimals: 6 };
}
