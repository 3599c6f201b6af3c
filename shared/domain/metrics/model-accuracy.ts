/**
 * Live model accuracy: how a one-interval-ahead forecast compared with what then happened
 * (absolute percentage error, whether the actual fell inside the 80 % and 95 % bands), and the
 * figures over a window (MAPE, band coverage, the detector's alert rate). Every figure is a
 * percentage, so an alert reads `coverage95 lt 90` or `alertRate gt 5`.
 */
import type { ModelIdentity } from '../analytics/inference/invocation-response';

/** A forecast of one interval, made from the history before it, and who made it. */
export interface ForecastPoint {
  /** Start (ISO) of the forecast interval. */
  readonly t: string;
  readonly mean: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
  readonly model: ModelIdentity;
  /** The endpoint's production variant that served it. */
  readonly variant: string;
}

/** A forecast once its interval closed. */
export interface ForecastOutcome {
  readonly t: string;
  readonly actual: number;
  /** |actual - mean| / |actual| in percent; null when the actual is 0 (undefined there). */
  readonly ape: number | null;
  readonly inside80: boolean;
  readonly inside95: boolean;
}

/** Compares a forecast with the actual value of its interval. */
export function forecastOutcome(forecast: ForecastPoint, actual: number): ForecastOutcome {
  return {
    t: forecast.t,
    actual,
    ape: actual === 0 ? null : (Math.abs(actual - forecast.mean) / Math.abs(actual)) * 100,
    inside80: actual >= forecast.lower80 && actual <= forecast.upper80,
    inside95: actual >= forecast.lower95 && actual <= forecast.upper95,
  };
}

/** Sums over a window, which add up across series, tenants and windows. */
export interface AccuracyTally {
  /** Forecasts whose interval has closed. */
  readonly forecasts: number;
  readonly apeSum: number;
  /** Forecasts with a defined APE (actual not 0). */
  readonly apeCount: number;
  readonly inside80: number;
  readonly inside95: number;
  /** Intervals the detector scored, and how many it flagged. */
  readonly scored: number;
  readonly flagged: number;
}

export const emptyTally: AccuracyTally = {
  forecasts: 0,
  apeSum: 0,
  apeCount: 0,
  inside80: 0,
  inside95: 0,
  scored: 0,
  flagged: 0,
};

/** The tally of some forecast outcomes and detector flags (one flag per scored interval). */
export function tallyOf(
  outcomes: readonly ForecastOutcome[],
  flags: readonly { readonly anomaly: boolean }[],
): AccuracyTally {
  const defined = outcomes.flatMap((o) => (o.ape === null ? [] : [o.ape]));
  return {
    forecasts: outcomes.length,
    apeSum: defined.reduce((sum, ape) => sum + ape, 0),
    apeCount: defined.length,
    inside80: outcomes.filter((o) => o.inside80).length,
    inside95: outcomes.filter((o) => o.inside95).length,
    scored: flags.length,
    flagged: flags.filter((f) => f.anomaly).length,
  };
}

export function addTallies(a: AccuracyTally, b: AccuracyTally): AccuracyTally {
  return {
    forecasts: a.forecasts + b.forecasts,
    apeSum: a.apeSum + b.apeSum,
    apeCount: a.apeCount + b.apeCount,
    inside80: a.inside80 + b.inside80,
    inside95: a.inside95 + b.inside95,
    scored: a.scored + b.scored,
    flagged: a.flagged + b.flagged,
  };
}

/** What the accuracy routes answer; a figure with nothing to average is null. */
export interface AccuracyFigures {
  readonly forecasts: {
    readonly count: number;
    readonly mape: number | null;
    readonly coverage80: number | null;
    readonly coverage95: number | null;
  };
  readonly detector: { readonly scored: number; readonly flagged: number; readonly alertRate: number | null };
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : (part / whole) * 100);

export function accuracyFigures(tally: AccuracyTally): AccuracyFigures {
  return {
    forecasts: {
      count: tally.forecasts,
      mape: tally.apeCount === 0 ? null : tally.apeSum / tally.apeCount,
      coverage80: percent(tally.inside80, tally.forecasts),
      coverage95: percent(tally.inside95, tally.forecasts),
    },
    detector: {
      scored: tally.scored,
      flagged: tally.flagged,
      alertRate: percent(tally.flagged, tally.scored),
    },
  };
}

export const driftMeasures = ['mape', 'coverage95', 'alertRate'] as const;
export type DriftMeasure = (typeof driftMeasures)[number];

/** One measure of a tally (what a modelDrift alert compares). */
export function driftMeasure(measure: DriftMeasure, tally: AccuracyTally): number | null {
  const figures = accuracyFigures(tally);
  switch (measure) {
    case 'mape':
      return figures.forecasts.mape;
    case 'coverage95':
      return figures.forecasts.coverage95;
    case 'alertRate':
      return figures.detector.alertRate;
  }
}
