/** The analytics engine's online anomaly detector: the `Detect` contract's implementation. */
import type { Detect, DetectorState, FlaggedAnomaly, SeriesPoint } from '../contracts';
import { restoreState } from './detector-state';
import { HOUR_MEAN_RUN, HOUR_RUN, hourOfDay } from './hour-of-day-profile';
import {
  ALERT_LEVEL,
  HISTORY_LENGTH,
  OnlineDetector,
  PATTERN_LENGTH,
  type StepOutcome,
  SUSTAINED_RUN,
  WARMUP,
} from './online-detector';
import { periodForSpacing, type ShortScore, shortSeriesScore } from './short-series';
import { validatePoints } from './validate-points';

/**
 * Default flagging threshold on the [0, 1] score: the anomaly likelihood's "red" level
 * (tail probability 1e-5); NAB's corpus-optimised threshold for this detector is close to it.
 */
export const DEFAULT_THRESHOLD = ALERT_LEVEL;

const fmt = (v: number) => Number(v.toPrecision(4)).toString();

/** Plain-language reasons for a flagged point, strongest signal first. */
function reasonsFor(value: number, out: StepOutcome): string[] {
  const reasons: string[] = [];
  if (out.extreme > 0) {
    reasons.push(
      `value ${fmt(value)} is above the highest value seen so far (${fmt(out.previousMax)}) by ${fmt(out.extreme * 100)}% of the observed range`,
    );
  } else if (out.extreme < 0) {
    reasons.push(
      `value ${fmt(value)} is below the lowest value seen so far (${fmt(out.previousMin)}) by ${fmt(-out.extreme * 100)}% of the observed range`,
    );
  }
  if (out.extreme === 0 && out.recentExtreme > 0) {
    reasons.push(
      `value ${fmt(value)} is above the recent range (${fmt(out.recentMin)} to ${fmt(out.recentMax)} over the last ${HISTORY_LENGTH} points) by ${fmt(out.recentExtreme * 100)}% of that range`,
    );
  } else if (out.extreme === 0 && out.recentExtreme < 0) {
    reasons.push(
      `value ${fmt(value)} is below the recent range (${fmt(out.recentMin)} to ${fmt(out.recentMax)} over the last ${HISTORY_LENGTH} points) by ${fmt(-out.recentExtreme * 100)}% of that range`,
    );
  }
  if (out.extreme === 0 && out.recentExtreme === 0 && out.sustained === -2) {
    reasons.push(
      `the last ${SUSTAINED_RUN} values (up to ${fmt(value)}) collapsed below half of the highest of every earlier half-hour span in the last ${HISTORY_LENGTH} points`,
    );
  } else if (out.extreme === 0 && out.recentExtreme === 0 && out.sustained === -1) {
    reasons.push(
      `the last ${SUSTAINED_RUN} values (up to ${fmt(value)}) all lie well below the highest of every earlier half-hour span in the last ${HISTORY_LENGTH} points`,
    );
  }
  if (out.extreme === 0 && out.recentExtreme === 0 && out.sustained === 0 && Math.abs(out.hourly) === 2) {
    reasons.push(
      `the last ${HOUR_MEAN_RUN} values (up to ${fmt(value)}) lie on average well ${out.hourly > 0 ? 'above' : 'below'} what is usual for their hours of the day`,
    );
  } else if (out.extreme === 0 && out.recentExtreme === 0 && out.sustained === 0 && out.hourly !== 0) {
    reasons.push(
      `the last ${HOUR_RUN} values (up to ${fmt(value)}) all lie well ${out.hourly > 0 ? 'above' : 'below'} what is usual for their hours of the day`,
    );
  }
  if (out.ratio >= 1) {
    reasons.push(
      `the last ${PATTERN_LENGTH} values are ${fmt(out.ratio)}x further from every earlier pattern in the last ${HISTORY_LENGTH} points than usual`,
    );
  }
  if (out.likelihood && out.likelihood.z >= 3) {
    reasons.push(
      `recent unusualness is ${out.likelihood.z.toFixed(1)} sigma above its long-term level (chance about ${out.likelihood.tail.toExponential(0)})`,
    );
  }
  if (reasons.length === 0) {
    reasons.push(`recent values are mildly unusual for this series (score ${fmt(out.score)})`);
  }
  return reasons;
}

function shortReasons(value: number, out: ShortScore): string[] {
  const direction = out.z > 0 ? 'above' : 'below';
  const sigma = Number.isFinite(out.z) ? `${fmt(Math.abs(out.z))} spreads` : 'far';
  const baseline = out.seasonal ? 'the seasonal baseline' : 'the recent level';
  return [`value ${fmt(value)} is ${sigma} ${direction} ${baseline} (${fmt(out.expected)})`];
}

const epochMs = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

/**
 * The short-series score of a point while the online detector is still warming up. Timestamps
 * are parsed only until the spacing is known (the rest of the series does not need them).
 */
function shortScoreOf(
  s: OnlineDetector,
  point: { timestamp: string | number; value: number },
): ShortScore | null {
  if (s.spacing === undefined) {
    const t = epochMs(point.timestamp);
    if (s.lastT !== undefined && Number.isFinite(t) && t > s.lastT) s.spacing = (t - s.lastT) / 1000;
    if (Number.isFinite(t)) s.lastT = t;
  }
  if (s.n >= WARMUP) return null;
  return shortSeriesScore(s.history(), point.value, periodForSpacing(s.spacing));
}

/**
 * The last call's detector, kept referenced: V8 drops an object shape once no object has it, and
 * with it the optimised code built for that shape, so a server scoring a series now and then
 * would otherwise recompile the detector's hot loops after every garbage collection.
 */
const kept: { detector?: OnlineDetector } = {};

/**
 * Online anomaly scoring: nearest-pattern nonconformity, new all-time and recent extremes, and an
 * HTM-style anomaly likelihood, muted for a while after each alert (see online-detector.ts).
 * NAB standard score 70.2 on the 35 NAB series in ../shared/data (HTM's published outputs: 66.6).
 * Until that detector has learnt WARMUP points, the short-series path (short-series.ts) scores
 * every point from the tenth on, so a daily KPI is watched from its second week. Each score uses
 * only earlier points and the current one; `state` carries the series on to the next call.
 */
export const detect: Detect = (points, options, state) => {
  validatePoints(points);
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  const s = new OnlineDetector(restoreState(state));
  s.expect(points);
  const scores = new Array<number>(points.length);
  const anomalies: FlaggedAnomaly[] = [];
  for (let index = 0; index < points.length; index++) {
    const point = points[index] as SeriesPoint;
    const short = s.spacing === undefined || s.n < WARMUP ? shortScoreOf(s, point) : null;
    s.at(hourOfDay(point.timestamp), point.timestamp);
    const online = s.step(point.value);
    const score = short && short.score > online ? short.score : online;
    scores[index] = score;
    if (score >= threshold && score > 0) {
      const out = s.outcome();
      anomalies.push({
        index,
        timestamp: point.timestamp,
        value: point.value,
        score,
        reasons:
          short && short.score > online ? shortReasons(point.value, short) : reasonsFor(point.value, out),
      });
    }
  }
  const lastT = epochMs((points[points.length - 1] as SeriesPoint).timestamp);
  if (Number.isFinite(lastT)) s.lastT = lastT;
  const next: DetectorState = { ...s.state() };
  kept.detector = s;
  return { scores, anomalies, state: next };
};
