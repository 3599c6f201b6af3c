/** The pool of candidate forecasting methods the forecaster chooses from, given the detected seasonal periods. */
import { DAILY_PERIODS, refinePeriod } from './detect-seasonality';
import { doubleSeasonalForecast } from './double-seasonal';
import { etsForecast, fitEts, fitEtsPair } from './exponential-smoothing';
import { type SeasonalAdjustment, seasonalAdjustment } from './seasonal-adjustment';
import { thetaForecast, thetaForecastPair } from './theta';

/** A point forecaster over a non-empty series. */
export type PointMethod = (values: readonly number[], horizon: number) => number[];

/** A {@link PointMethod} over two series at once, giving what it gives for each. */
export type PairMethod = (
  a: readonly number[],
  b: readonly number[],
  horizon: number,
) => [number[], number[]];

/** One candidate computed directly from the data. */
export interface PoolMember {
  readonly name: string;
  /** Fewest observations it needs; below that it is not a candidate. */
  readonly minLength: number;
  /** The seasonal period it models (the longest, for two), 1 when non-seasonal. */
  readonly period: number;
  readonly run: PointMethod;
  /** False for members that only feed combinations. @default true */
  readonly selectable?: boolean;
  /**
   * Rough cost of one forecast, in smoothing fits (SES 1, damped trend 3), so selection can
   * score the cheap candidates first (see `selectByRollingOrigin`). @default 0
   */
  readonly effort?: number;
  /** `run` on two series at once, faster than twice (see `fitEtsPair`); selection uses it for two origins. */
  readonly runPair?: PairMethod;
}

/** One candidate that combines other candidates' forecasts step by step. */
export interface PoolCombination {
  readonly name: string;
  readonly parts: readonly string[];
  readonly how: 'mean' | 'median';
}

/** Everything selection may choose from for one series' seasonal structure. */
export interface CandidatePool {
  readonly members: readonly PoolMember[];
  readonly combinations: readonly PoolCombination[];
  /** What to use when the series is too short to compare candidates out of sample. */
  readonly fallback: readonly string[];
}

const naive: PointMethod = (y, h) => new Array<number>(h).fill(y[y.length - 1] ?? 0);
const ses: PointMethod = (y, h) => etsForecast(fitEts(y, 'none'), h);
const damped: PointMethod = (y, h) => etsForecast(fitEts(y, 'damped'), h);
const holt: PointMethod = (y, h) => etsForecast(fitEts(y, 'additive'), h);
const dampedPair: PairMethod = (a, b, h) => {
  const [fa, fb] = fitEtsPair(a, b, 'damped');
  return [etsForecast(fa, h), etsForecast(fb, h)];
};
const sesPair: PairMethod = (a, b, h) => {
  const [fa, fb] = fitEtsPair(a, b, 'none');
  return [etsForecast(fa, h), etsForecast(fb, h)];
};
const thetaPair: PairMethod = (a, b, h) => thetaForecastPair(a, b, h);
const holtPair: PairMethod = (a, b, h) => {
  const [fa, fb] = fitEtsPair(a, b, 'additive');
  return [etsForecast(fa, h), etsForecast(fb, h)];
};
const theta: PointMethod = (y, h) => thetaForecast(y, h);

/** Seasonal naive (Hyndman & Athanasopoulos, FPP3 §5.2): repeat the last observed cycle. */
export function seasonalNaive(period: number): PointMethod {
  return (y, h) => Array.from({ length: h }, (_, i) => y[y.length - period + (i % period)] ?? 0);
}

/** Seasonal adjustment of a series, as {@link seasonalAdjustment} takes it. */
type Adjuster = (
  y: readonly number[],
  period: number,
  cycles: number,
  multiplicative: boolean,
) => SeasonalAdjustment;

/**
 * A {@link seasonalAdjustment} that reuses its answers per series. Why: at each origin the damped
 * and Theta candidates adjust the same data the same way, so one pool computing each adjustment
 * once saves a third of the decompositions. Keyed by the array's identity: selection hands every
 * candidate the same (never mutated) array per origin. A plain map: a pool lives for one forecast.
 */
function memoisedAdjustment(): Adjuster {
  const known = new Map<readonly number[], Map<string, SeasonalAdjustment>>();
  return (y, period, cycles, multiplicative) => {
    let forSeries = known.get(y);
    if (forSeries === undefined) {
      forSeries = new Map();
      known.set(y, forSeries);
    }
    const key = `${period}:${cycles}:${multiplicative}`;
    let adjustment = forSeries.get(key);
    if (adjustment === undefined) {
      adjustment = seasonalAdjustment(y, period, cycles, multiplicative);
      forSeries.set(key, adjustment);
    }
    return adjustment;
  };
}

/**
 * A non-seasonal method applied to the seasonally adjusted series, reseasonalised: the M4
 * benchmarks' scheme (Makridakis et al. 2020, §2.3), here with the seasonal indices estimated on
 * the last `cycles` periods.
 */
function adjusted(
  adjust: Adjuster,
  method: PointMethod,
  period: number,
  cycles: number,
  multiplicative?: boolean,
): PointMethod {
  return (y, h) => {
    const adjustment = adjust(y, period, cycles, multiplicative ?? y.every((v) => v > 0));
    return adjustment.reseasonalise(method(adjustment.adjusted, h));
  };
}

/** {@link adjusted} for a {@link PairMethod}: each series adjusted as `adjusted` would, the method run on both at once. */
function adjustedPair(
  adjust: Adjuster,
  method: PairMethod,
  period: number,
  cycles: number,
  multiplicative?: boolean,
): PairMethod {
  return (a, b, h) => {
    const first = adjust(a, period, cycles, multiplicative ?? a.every((v) => v > 0));
    const second = adjust(b, period, cycles, multiplicative ?? b.every((v) => v > 0));
    const [fa, fb] = method(first.adjusted, second.adjusted, h);
    return [first.reseasonalise(fa), second.reseasonalise(fb)];
  };
}

/**
 * Efforts of the smoothing members, in SES fits (only their order matters). On the speed
 * benchmark's series a fit takes about 26 evaluations for SES, 15 for Holt and 28 for damped, and
 * a trend evaluation costs about twice an SES one; double seasonal smoothing searches three
 * parameters over two seasonal states, the costliest.
 */
const SES_EFFORT = 1;
const HOLT_EFFORT = 1;
const DAMPED_EFFORT = 2;
const DSHW_EFFORT = 6;

const NON_SEASONAL: PoolMember[] = [
  { name: 'naive', minLength: 1, period: 1, run: naive },
  { name: 'ses', minLength: 3, period: 1, run: ses, effort: SES_EFFORT, runPair: sesPair },
  { name: 'damped', minLength: 6, period: 1, run: damped, effort: DAMPED_EFFORT, runPair: dampedPair },
  { name: 'theta', minLength: 3, period: 1, run: theta, effort: SES_EFFORT, runPair: thetaPair },
];
const NON_SEASONAL_COMBINATION: PoolCombination = {
  name: 'mean(ses,damped,theta)',
  parts: ['ses', 'damped', 'theta'],
  how: 'mean',
};
/**
 * The forecast for series too short to compare candidates out of sample: the mean of naive and
 * Theta, the best of the fixed non-seasonal candidates and combinations on the Tourism Yearly
 * training series' last 4 points (MAPE 20.53, against 20.68 for the SES/damped/Theta mean and
 * 20.86 for Theta alone): with a handful of points a trend is mostly noise, and halving Theta's
 * drift again (naive has none) guards against extrapolating it.
 */
const SHORT_SERIES_COMBINATION: PoolCombination = {
  name: 'mean(naive,theta)',
  parts: ['naive', 'theta'],
  how: 'mean',
};

/**
 * Candidates per seasonal structure:
 * - none: naive, SES, damped trend, Theta, and their SES/damped/Theta mean (M4's "Comb"-style
 *   equal-weight combination, Makridakis et al. 2020);
 * - one period m: those, plus seasonal naive, damped/Theta on the series adjusted by indices
 *   from the last 3 and the last 8 cycles, the mean of each seasonal pair with the non-seasonal
 *   pair (combinations of a diverse pool were M4's strongest statistical entries), and Holt on the
 *   additively adjusted series (which recovers a clean linear trend plus seasonality exactly);
 * - a short and a long period (day and week): seasonal naive at both, Taylor's double seasonal
 *   exponential smoothing, Theta on the series adjusted by additive long-cycle indices, and the
 *   medians of the two seasonal naives with either model (the median guards against the one
 *   seasonal naive that a holiday or a level shift has spoiled);
 * - for a daily period of sub-daily data, seasonal naive with drift over the last week;
 * - with the series given, a seasonal naive (with drift, for daily periods) at the lag near the
 *   first period where the autocorrelation actually peaks, when that differs (see `refinePeriod`).
 */
export function candidatePool(periods: readonly number[], values?: readonly number[]): CandidatePool {
  const pool = basePool(periods);
  const short = periods[0];
  if (short === undefined) return pool;
  const extra: PoolMember[] = [];
  const daily = DAILY_PERIODS.includes(short);
  if (daily) {
    extra.push({
      name: `snaive${short}+drift`,
      minLength: short * (DRIFT_CYCLES + 1),
      period: short,
      run: seasonalNaiveWithDrift(short, DRIFT_CYCLES),
    });
  }
  const lag = values === undefined ? short : refinePeriod(values, short, REFINE_WIDTH);
  if (lag !== short) {
    const refined = (y: readonly number[]) => refinePeriod(y, short, REFINE_WIDTH);
    extra.push({
      name: `snaive${lag}`,
      minLength: 3 * (short + REFINE_WIDTH),
      period: lag,
      run: (y, h) => seasonalNaive(refined(y))(y, h),
    });
    if (daily) {
      extra.push({
        name: `snaive${lag}+drift`,
        minLength: (short + REFINE_WIDTH) * (DRIFT_CYCLES + 2),
        period: lag,
        run: (y, h) => seasonalNaiveWithDrift(refined(y), DRIFT_CYCLES)(y, h),
      });
    }
  }
  return extra.length === 0 ? pool : { ...pool, members: [...pool.members, ...extra] };
}

/**
 * Seasonal naive with drift (Hyndman & Athanasopoulos, FPP3 §5.2, drift applied per cycle): the
 * last cycle repeated, shifted each cycle ahead by the average change per cycle over the last
 * `cycles` cycles, i.e. (mean of the last cycle − mean of the cycle `cycles` earlier) / `cycles`.
 * With daily cycles and `cycles` = 7 the two compared days are the same weekday, so the weekly
 * pattern does not leak into the drift.
 */
export function seasonalNaiveWithDrift(period: number, cycles: number): PointMethod {
  return (y, h) => {
    const n = y.length;
    let recent = 0;
    let earlier = 0;
    for (let i = 0; i < period; i++) {
      recent += y[n - period + i] ?? 0;
      earlier += y[n - period * (cycles + 1) + i] ?? 0;
    }
    const drift = (recent - earlier) / period / cycles;
    return Array.from(
      { length: h },
      (_, i) => (y[n - period + (i % period)] ?? 0) + drift * (Math.floor(i / period) + 1),
    );
  };
}

/** Cycles over which the seasonal naive's drift is estimated: a week of daily cycles. */
const DRIFT_CYCLES = 7;

/** How far (in steps) the true cycle may sit from the nominal period for the refined seasonal naive. */
const REFINE_WIDTH = 2;

function basePool(periods: readonly number[]): CandidatePool {
  const [short, long] = periods;
  if (short === undefined) {
    return {
      members: NON_SEASONAL,
      combinations: [NON_SEASONAL_COMBINATION, SHORT_SERIES_COMBINATION],
      fallback: [SHORT_SERIES_COMBINATION.name],
    };
  }
  if (long === undefined) {
    const m = short;
    const adjust = memoisedAdjustment();
    const members: PoolMember[] = [
      ...NON_SEASONAL,
      { name: `snaive${m}`, minLength: m, period: m, run: seasonalNaive(m) },
    ];
    const combinations: PoolCombination[] = [NON_SEASONAL_COMBINATION, SHORT_SERIES_COMBINATION];
    for (const cycles of [3, 8]) {
      const d = `damped+dec${m}x${cycles}`;
      const t = `theta+dec${m}x${cycles}`;
      members.push(
        {
          name: d,
          minLength: 3 * m,
          period: m,
          run: adjusted(adjust, damped, m, cycles),
          effort: DAMPED_EFFORT,
          runPair: adjustedPair(adjust, dampedPair, m, cycles),
        },
        {
          name: t,
          minLength: 3 * m,
          period: m,
          run: adjusted(adjust, theta, m, cycles),
          effort: SES_EFFORT,
          runPair: adjustedPair(adjust, thetaPair, m, cycles),
        },
      );
      combinations.push({
        name: `mean(damped,theta,${d},${t})`,
        parts: ['damped', 'theta', d, t],
        how: 'mean',
      });
    }
    members.push({
      name: `holt+dec${m}`,
      minLength: 3 * m,
      period: m,
      run: adjusted(adjust, holt, m, 8, false),
      effort: HOLT_EFFORT,
      runPair: adjustedPair(adjust, holtPair, m, 8, false),
    });
    return { members, combinations, fallback: [SHORT_SERIES_COMBINATION.name] };
  }
  const s1 = `snaive${short}`;
  const s2 = `snaive${long}`;
  const dshw = `dshw(${short},${long})`;
  const t = `theta+dec${long}`;
  const members: PoolMember[] = [
    { name: s1, minLength: short, period: short, run: seasonalNaive(short) },
    { name: s2, minLength: long, period: long, run: seasonalNaive(long), selectable: false },
    {
      name: dshw,
      minLength: 2 * long,
      period: long,
      run: (y, h) => doubleSeasonalForecast(y, h, short, long),
      effort: DSHW_EFFORT,
    },
    {
      name: t,
      minLength: 2 * long,
      period: long,
      run: adjusted(seasonalAdjustment, theta, long, Number.POSITIVE_INFINITY, false),
      effort: SES_EFFORT,
    },
  ];
  const combinations: PoolCombination[] = [
    { name: `median(${s1},${s2},${t})`, parts: [s1, s2, t], how: 'median' },
    { name: `median(${s1},${s2},${dshw})`, parts: [s1, s2, dshw], how: 'median' },
  ];
  return { members, combinations, fallback: [s1] };
}

/**
 * The fallback when the chosen forecast leaves the plausible range: naive and, for a seasonal
 * series, seasonal naive at the first period. Neither can blow up or collapse, since both repeat
 * observed values.
 */
export function safePool(periods: readonly number[]): CandidatePool {
  const short = periods[0];
  const members: PoolMember[] = [{ name: 'naive', minLength: 1, period: 1, run: naive }];
  if (short !== undefined)
    members.push({ name: `snaive${short}`, minLength: short, period: short, run: seasonalNaive(short) });
  return { members, combinations: [], fallback: [members[members.length - 1]?.name ?? 'naive'] };
}

/** The longest seasonal period among the named candidates (a combination counts its parts), 1 if none. */
export function periodOf(pool: CandidatePool, names: readonly string[]): number {
  const byName = new Map(pool.members.map((m) => [m.name, m.period]));
  const expand = (name: string): string[] =>
    pool.combinations.find((c) => c.name === name)?.parts.flatMap(expand) ?? [name];
  return Math.max(1, ...names.flatMap(expand).map((n) => byName.get(n) ?? 1));
}
