/**
 * The detector on kinds of data NAB has but ../shared/data does not ship (bursty Twitter-like
 * counts, road sensors with irregular gaps, hourly ad-exchange prices): small synthetic corpora
 * from the training seeds (scripts/evaluation/nab-kinds) must raise few false alarms and find
 * the clear injected anomalies. Bounds sit well outside what the detector measured when they
 * were set (see the comments), so they catch alarm storms and blind spots, not noise.
 */
import { describe, expect, it } from 'vitest';
import { NAB_PROFILES } from '../../../../../scripts/evaluation/nab/nab-profile';
import {
  kindCorpus,
  type NabKind,
  TRAINING_SEEDS,
} from '../../../../../scripts/evaluation/nab-kinds/kind-corpus';
import { scoreKindCorpus } from '../../../../../scripts/evaluation/nab-kinds/score-kind-corpus';
import { nabWindows } from '../../../../../scripts/evaluation/nab-kinds/synthetic-series';
import { DEFAULT_THRESHOLD, detect } from '../../../../../shared/domain/analytics/detect/detect';

/** Per kind: the length factor of its small corpus, the anomalies that are clear, and the bounds. */
const cases: readonly {
  kind: NabKind;
  lengthScale: number;
  clear: readonly string[];
  maxFalseAlarmsPer1000: number;
  minClearFound: number;
}[] = [
  // Measured on seeds 1–3 together: 0.93 false alarms per 1,000 quiet rows (0.90 with the sustained-drop signal); viral bursts 16 of 18 found.
  { kind: 'tweets', lengthScale: 0.25, clear: ['viralBurst'], maxFalseAlarmsPer1000: 3, minClearFound: 0.75 },
  // Measured: 1.46 per 1,000 (1.60 with the sustained-drop signal); incidents and travel-time spikes 7 of 11 (traffic is this detector's weak kind).
  // With the traffic generator shaped after NAB's realTraffic files (sparse nights, noisier sensors) and the hour-of-day signal: 1.35 per 1,000, 5 of 10.
  // With the hour-of-day level test (issue 15): 1.35 per 1,000, 6 of 10 (tweets 0.82 and 17 of 18, ad exchange 1.83 and 20 of 23).
  {
    kind: 'traffic',
    lengthScale: 1,
    clear: ['incident', 'spike'],
    maxFalseAlarmsPer1000: 4,
    minClearFound: 0.45,
  },
  // Measured: 1.83 per 1,000; spikes, level shifts and collapses 19 of 23.
  {
    kind: 'adExchange',
    lengthScale: 1,
    clear: ['spike', 'levelShift', 'collapse'],
    maxFalseAlarmsPer1000: 5,
    minClearFound: 0.7,
  },
];

describe('detector on synthetic NAB kinds not shipped here', () => {
  it.each(cases)(
    '$kind: bounded false alarms, clear anomalies found',
    async (c) => {
      const series = [];
      for (const seed of TRAINING_SEEDS) {
        for (const s of kindCorpus(c.kind, seed, { series: 3, lengthScale: c.lengthScale })) {
          const { scores } = detect(
            s.timestamps.map((timestamp, i) => ({ timestamp, value: s.values[i] ?? 0 })),
          );
          expect(scores).toHaveLength(s.values.length);
          expect(scores.every((x) => x >= 0 && x <= 1)).toBe(true);
          series.push({
            name: s.name,
            timestamps: s.timestamps,
            scores,
            windows: nabWindows(s),
            anomalies: s.anomalies,
          });
          // Yield between series: a long synchronous stretch makes vitest's worker miss its RPC deadline.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      const score = scoreKindCorpus(series, NAB_PROFILES, DEFAULT_THRESHOLD);
      const [found, injected] = c.clear.reduce(
        ([f, t], kind) => {
          const [kf, kt] = score.detected[kind] ?? [0, 0];
          return [f + kf, t + kt];
        },
        [0, 0],
      );
      console.log(
        `${c.kind}: ${score.falseAlarmsPer1000.toFixed(2)} false alarms / 1k, clear found ${found}/${injected}`,
      );
      expect(score.quietRows).toBeGreaterThan(5_000);
      expect(score.falseAlarmsPer1000).toBeLessThanOrEqual(c.maxFalseAlarmsPer1000);
      expect(injected).toBeGreaterThanOrEqual(5);
      expect(found / injected).toBeGreaterThanOrEqual(c.minClearFound);
    },
    120_000,
  );
});
