/**
 * Synthetic corpora of the three kinds of NAB data not shipped in ../shared/data (realTweets,
 * realTraffic, realAdExchange), shaped like NAB's own: per seed and kind as many series, as long
 * and with as many anomalies as NAB has of that kind, plus one series without anomalies. A seed
 * names a corpus: training seeds are for choosing settings, test seeds only for reporting.
 */
import { seededRandom } from '../../../test/support/seeded-random';
import { intBetween, type Random } from '../random-draws';
import { adMetrics, syntheticAdExchange } from './synthetic-ad-exchange';
import type { SyntheticNabSeries } from './synthetic-series';
import { syntheticTraffic, trafficSensors } from './synthetic-traffic';
import { syntheticTweets } from './synthetic-tweets';

export const nabKinds = ['tweets', 'traffic', 'adExchange'] as const;
export type NabKind = (typeof nabKinds)[number];

/** Seeds settings may be chosen on. */
export const TRAINING_SEEDS: readonly number[] = [1, 2, 3];
/** Seeds only reported on, never tuned on. */
export const TEST_SEEDS: readonly number[] = [101, 102, 103];

interface KindShape {
  /** NAB's category name for this kind's files, prefixed "synthetic". */
  readonly category: string;
  /** Series with anomalies per corpus (as in NAB), and their rows and anomalies. */
  readonly series: number;
  readonly rows: readonly [number, number];
  readonly anomalies: readonly [number, number];
  readonly make: (
    name: string,
    k: number,
    length: number,
    anomalies: number,
    random: Random,
  ) => SyntheticNabSeries;
}

/** NAB: 10 tweet files of ~15.8k rows (2–4 anomalies), 7 traffic files of 1.1k–2.5k (1–4), 6 ad files of ~1.6k (1–3). */
const shapes: Record<NabKind, KindShape> = {
  tweets: {
    category: 'syntheticTweets',
    series: 10,
    rows: [15_500, 16_000],
    anomalies: [2, 4],
    make: (name, _k, length, count, random) => syntheticTweets(name, length, count, random),
  },
  traffic: {
    category: 'syntheticTraffic',
    series: 7,
    rows: [1_100, 2_500],
    anomalies: [1, 3],
    make: (name, k, length, count, random) =>
      syntheticTraffic(name, trafficSensors[k % trafficSensors.length] ?? 'speed', length, count, random),
  },
  adExchange: {
    category: 'syntheticAdExchange',
    series: 6,
    rows: [1_500, 1_650],
    anomalies: [1, 3],
    make: (name, k, length, count, random) =>
      syntheticAdExchange(name, adMetrics[k % adMetrics.length] ?? 'cpc', length, count, random),
  },
};

export interface KindCorpusOptions {
  /** Series with anomalies (default: NAB's count for the kind); one without is always added. */
  readonly series?: number;
  /** Multiplies every series' length (default 1), e.g. 0.25 for a quick test corpus. */
  readonly lengthScale?: number;
}

/** The corpus of one kind for one seed: NAB-like series with anomalies, then one without. */
export function kindCorpus(
  kind: NabKind,
  seed: number,
  options: KindCorpusOptions = {},
): SyntheticNabSeries[] {
  const shape = shapes[kind];
  const random = seededRandom(seed * 1_000 + nabKinds.indexOf(kind));
  const count = options.series ?? shape.series;
  const scale = options.lengthScale ?? 1;
  return Array.from({ length: count + 1 }, (_, k) => {
    const length = Math.round(intBetween(random, ...shape.rows) * scale);
    const anomalies = k < count ? intBetween(random, ...shape.anomalies) : 0;
    const name = `${shape.category}/${kind}_s${seed}_${String(k).padStart(2, '0')}.csv`;
    return shape.make(name, k, length, anomalies, random);
  });
}
